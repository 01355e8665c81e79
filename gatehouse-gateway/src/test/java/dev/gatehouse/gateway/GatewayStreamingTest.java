package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.InvalidTokenException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A response the upstream is still writing reaches the caller as it is written, not once it is complete. */
class GatewayStreamingTest {
    private final CountDownLatch firstPartRead = new CountDownLatch(1);
    private HttpServer upstream;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/events", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // the rest only once the caller has seen the first part through the gateway
                if (firstPartRead.await(10, TimeUnit.SECONDS)) {
                    out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
        Gate unused = new Gate(token -> {
            throw new InvalidTokenException("public routes never ask");
        });
        gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(
                Route.open(null, "/events", URI.create("http://127.0.0.1:" + upstream.getAddress().getPort())))),
                unused, () -> GatewayHealth.ready(java.util.Map.of()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.stop(0);
    }

    @Test
    void theFirstPartOfAStreamedResponseArrivesBeforeTheUpstreamHasFinished() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);

        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes("data: first\n\n".length());
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
            firstPartRead.countDown();
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: second\n\n");
        }
    }
}

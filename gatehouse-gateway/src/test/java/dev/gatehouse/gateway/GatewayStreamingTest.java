package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.InvalidTokenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    void aResponseThatBeganBeforeTheUploadEndedIsNotCutOffByTheResponseTimeout() throws Exception {
        Duration responseTimeout = Duration.ofMillis(300);
        try (ServerSocket early = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Gateway g = Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(Route.open(null, "/",
                             URI.create("http://127.0.0.1:" + early.getLocalPort()))))
                     .withTimeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), responseTimeout)),
                     unusedGate(), () -> GatewayHealth.ready(java.util.Map.of()))) {
            Thread.ofVirtual().start(() -> answerBeforeTheBodyEnds(early, responseTimeout));
            try (Socket caller = new Socket("127.0.0.1", g.port())) {
                caller.setSoTimeout(10_000);
                OutputStream out = caller.getOutputStream();
                out.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = caller.getInputStream();
                String received = readUntil(in, "first");
                out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                received += readUntil(in, "0\r\n\r\n");

                assertThat(received).startsWith("HTTP/1.1 200 ").contains("first").contains("last");
            }
            // the upstream's latency is recorded though its answer began before the request had ended
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + g.port() + "/__gatehouse/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("gatehouse_gateway_upstream_seconds_count\\{route=\"/\"} 1");
        }
    }

    /** Sends its head and a first chunk while the body is still coming, then streams past the response timeout. */
    private static void answerBeforeTheBodyEnds(ServerSocket server, Duration responseTimeout) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readUntil(in, "\r\n\r\n");
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.readNBytes(20);
            for (int i = 0; i < 4; i++) {
                Thread.sleep(responseTimeout.toMillis() / 2);
                out.write("1\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write("4\r\nlast\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.read();
        } catch (IOException | InterruptedException e) {
            // the test fails on what the caller received
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.indexOf(end) < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    private static Gate unusedGate() {
        return new Gate(token -> {
            throw new InvalidTokenException("public routes never ask");
        });
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

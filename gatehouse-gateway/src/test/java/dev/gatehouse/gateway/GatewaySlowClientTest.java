package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.Gate;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.testing.SlowClients;
import dev.gatehouse.http.RequestLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hundreds of clients sending a request one byte at a time are dropped, and meanwhile others are forwarded. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySlowClientTest {
    private static final int CLIENTS = 200;
    private static final Duration PAUSE = Duration.ofMillis(200);

    EchoUpstream web;
    Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() {
        web = EchoUpstream.start("web");
        Gate refuseAll = new Gate(token -> {
            throw new InvalidTokenException("no token is valid here");
        }, "gatehouse");
        gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(Route.open(null, "/", web.uri()),
                        Route.guarded(null, "/orders", web.uri(), "https://orders.test")))
                .withRequests(new RequestLimits(Duration.ofSeconds(1), 100, Duration.ofMillis(500), 100)),
                refuseAll, () -> GatewayHealth.ready(Map.of()));
    }

    @AfterAll
    void stop() {
        gateway.close();
        web.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public", "/orders/1"})
    void clientsDribblingTheirHeadersAreDroppedWhileOthersAreForwarded(String path) throws Exception {
        try (SlowClients slow = SlowClients.start(uri(), CLIENTS, "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Slow: ", "a", PAUSE)) {
            assertThat(get("/index.html").statusCode()).isEqualTo(200);
            assertThat(slow.awaitAllClosed(Duration.ofSeconds(20))).as("%d connections still open", slow.stillOpen()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public", "/orders/1"})
    void clientsDribblingTheirBodiesAreDroppedWhileOthersAreForwarded(String path) throws Exception {
        try (SlowClients slow = SlowClients.start(uri(), CLIENTS, "POST " + path + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer x\r\nContent-Length: 10000\r\n\r\n", "a", PAUSE)) {
            assertThat(get("/index.html").statusCode()).isEqualTo(200);
            assertThat(slow.awaitAllClosed(Duration.ofSeconds(20))).as("%d connections still open", slow.stillOpen()).isTrue();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri().resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }
}

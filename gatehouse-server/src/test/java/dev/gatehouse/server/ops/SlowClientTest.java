package dev.gatehouse.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.testing.SlowClients;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.login.FirstPartyLogin;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hundreds of clients sending a request one byte at a time are dropped, and meanwhile others are answered. */
class SlowClientTest {
    private static final int CLIENTS = 200;
    private static final Duration PAUSE = Duration.ofMillis(200);

    @TempDir
    Path dataDir;

    private TestIssuer issuer;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir, c -> c.withRequests(
                new RequestLimits(Duration.ofSeconds(1), 100, Duration.ofMillis(500), 100)));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void clientsDribblingTheirHeadersAreDroppedWhileOthersAreAnswered() throws Exception {
        try (SlowClients slow = SlowClients.start(issuer.baseUri(), CLIENTS,
                "POST " + Endpoints.LOGIN + " HTTP/1.1\r\nHost: x\r\nX-Slow: ", "a", PAUSE)) {
            HttpResponse<String> live = FirstPartyLogin.send(HttpRequest.newBuilder(issuer.uri(Endpoints.LIVE))
                    .timeout(Duration.ofSeconds(20)).GET().build());

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(slow.awaitAllClosed(Duration.ofSeconds(20))).as("%d connections still open", slow.stillOpen()).isTrue();
        }
    }

    @Test
    void clientsDribblingTheirBodiesAreDroppedWhileOthersAreAnswered() throws Exception {
        try (SlowClients slow = SlowClients.start(issuer.baseUri(), CLIENTS, "POST " + Endpoints.TOKEN + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\ngrant_type=", "a", PAUSE)) {
            HttpResponse<String> live = FirstPartyLogin.send(HttpRequest.newBuilder(issuer.uri(Endpoints.LIVE))
                    .timeout(Duration.ofSeconds(20)).GET().build());

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(slow.awaitAllClosed(Duration.ofSeconds(20))).as("%d connections still open", slow.stillOpen()).isTrue();
        }
    }
}

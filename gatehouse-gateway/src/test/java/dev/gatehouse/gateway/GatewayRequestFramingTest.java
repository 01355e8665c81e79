package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.client.testing.RawHttp;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.http.StrictRequests;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests framed badly or ambiguously, on raw sockets to a public and a protected route: each is refused (or its
 * connection closed) at the gateway, never read a second way, and never forwarded framed differently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayRequestFramingTest {
    static final String ORDERS = "https://orders.test";
    static final ObjectMapper JSON = new ObjectMapper();

    TestIssuer issuer;
    EchoUpstream orders;
    EchoUpstream web;
    Gateway gateway;
    String token;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        issuer = TestIssuer.start(dir);
        String secret = issuer.register(TestClients.confidential("reader").scope("orders:read").audience(ORDERS).build());
        Issued issued = new Issued(issuer);
        token = issued.token("reader", secret, "orders:read");
        orders = EchoUpstream.start("orders");
        web = EchoUpstream.start("web");
        List<Route> routes = List.of(Route.open(null, "/", web.uri()),
                Route.guarded(null, "/orders", orders.uri(), ORDERS).withScopes("orders:read"));
        gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0, routes)
                .withRequests(new RequestLimits(Duration.ofSeconds(1), 100, Duration.ofMillis(500), 100)),
                issued.gate, () -> GatewayHealth.ready(Map.of()));
    }

    @AfterAll
    void stop() {
        gateway.close();
        orders.close();
        web.close();
        issuer.close();
    }

    /** A public and a protected route, as a request line and the credentials it needs. */
    Stream<String> routes() {
        return Stream.of("POST /public/form HTTP/1.1\r\nHost: x\r\n",
                "POST /orders/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aBodyCutOffByTheClientIsA400OrAClosedConnection(String head) throws IOException {
        String response = RawHttp.exchange(uri(), head + "Content-Length: 100\r\n\r\nhalf a body");

        assertRefusedOrClosed(response, "400");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aBodyThatStallsIsDropped(String head) throws IOException {
        try (RawHttp connection = RawHttp.connect(uri())) {
            connection.send(head + "Content-Length: 100\r\n\r\nhalf a body");

            assertRefusedOrClosed(connection.rest(), "400", "408");
        }
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aBadChunkSizeIsA400(String head) throws IOException {
        String response = RawHttp.exchange(uri(), head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");

        assertRefusedOrClosed(response, "400");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aChunkLongerThanDeclaredIsA400(String head) throws IOException {
        String response = RawHttp.exchange(uri(), head + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello world\r\n0\r\n\r\n");

        assertRefusedOrClosed(response, "400");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aBareLineFeedInAHeaderValueDoesNotHideAContentLength(String head) throws IOException {
        String response = RawHttp.exchange(uri(), head + "X-Note: a\nContent-Length: 5\r\n\r\nhello");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("Malformed HTTP request");
        assertThat(responses(response)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aBareLineFeedInAHeaderValueDoesNotHideATransferEncoding(String head) throws IOException {
        String response = RawHttp.exchange(uri(), head + "X-Note: a\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /public/smuggled HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("Malformed HTTP request").doesNotContain("smuggled");
        assertThat(responses(response)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aTransferCodingBeforeChunkedIsRefusedNotForwardedAsChunked(String head) throws IOException {
        for (String coding : List.of("identity, chunked", "gzip, chunked", "chunked, chunked")) {
            String response = RawHttp.exchange(uri(), head + "Transfer-Encoding: " + coding
                    + "\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET /public/smuggled HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(response).as(coding).matches("(?s)HTTP/1.1 (400|501) .*")
                    .doesNotContain("smuggled").doesNotContain("\"upstream\"");
            assertThat(responses(response)).as(coding).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("routes")
    void moreThanAHundredHeadersAre431(String head) throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append("X-").append(i).append(": a\r\n");
        }
        String response = RawHttp.exchange(uri(), head + many + "Content-Length: 0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431 ").contains("\"status\":431");
    }

    @ParameterizedTest
    @MethodSource("routesAndOverrides")
    void aMethodOverrideHeaderDoesNotReachTheUpstream(String head, String override) throws IOException {
        String response = RawHttp.exchange(uri(), head.replace("POST ", "GET ") + override + ": DELETE\r\nConnection: close\r\n\r\n");

        assertThat(response).as(override).startsWith("HTTP/1.1 200 ");
        JsonNode echo = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(echo.get("method").asText()).isEqualTo("GET");
        assertThat(echo.get("headers").has(override.toLowerCase())).as(override + " forwarded").isFalse();
    }

    Stream<Arguments> routesAndOverrides() {
        return routes().flatMap(r -> StrictRequests.METHOD_OVERRIDES.stream()
                .map(o -> Arguments.of(r, o)));
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    private static void assertRefusedOrClosed(String response, String... statuses) {
        if (!response.isEmpty()) {
            assertThat(response).matches("(?s)HTTP/1.1 (" + String.join("|", statuses) + ") .*")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    private static int responses(String text) {
        return text.split("HTTP/1.1 ", -1).length - 1;
    }
}

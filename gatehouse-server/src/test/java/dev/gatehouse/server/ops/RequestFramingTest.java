package dev.gatehouse.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.client.testing.RawHttp;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.user.User;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.http.StrictRequests;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests framed badly or ambiguously, sent on raw sockets to every endpoint that reads a request: each is
 * refused with a 4xx/5xx-free answer (or the connection closes), and none is read a second way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFramingTest {
    @TempDir
    static Path dataDir;

    private TestIssuer issuer;
    private String adminToken;
    private String appBasic;

    @BeforeAll
    void start() {
        issuer = TestIssuer.start(dataDir, c -> c.withRequests(
                new RequestLimits(Duration.ofSeconds(1), 100, Duration.ofMillis(500), 100)));
        User admin = issuer.createUser("admin", "admin-password", Set.of("admin"));
        OAuthClient firstParty = issuer.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();
        adminToken = issuer.services().sessionTokens().login(admin, firstParty, null, List.of(), "192.0.2.10", "test", "login")
                .accessToken().value();
        String secret = issuer.register(TestClients.confidential("app").grant(GrantType.CLIENT_CREDENTIALS).introspection().build());
        appBasic = "Basic " + Base64.getEncoder().encodeToString(("app:" + secret).getBytes());
    }

    @AfterAll
    void stop() {
        issuer.close();
    }

    /** Every endpoint that reads a request, as a request line and the credentials it would need. */
    Stream<String> endpoints() {
        return Stream.of("POST " + Endpoints.TOKEN, "POST " + Endpoints.INTROSPECTION, "POST " + Endpoints.REVOCATION,
                "POST " + Endpoints.LOGIN, "POST " + Endpoints.LOGOUT, "POST " + Endpoints.ADMIN + "/users",
                "POST " + Endpoints.VERIFY + "/orders", "POST " + Endpoints.USERINFO, "POST " + Endpoints.AUTHORIZE,
                "POST " + Endpoints.AUTHORIZE_SIGN_IN, "POST " + Endpoints.AUTHORIZE_CONSENT, "POST " + Endpoints.PAR,
                "POST " + Endpoints.END_SESSION);
    }

    private String head(String endpoint) {
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        String credentials = path.startsWith("/oauth2/token") || path.startsWith("/oauth2/introspect") || path.startsWith("/oauth2/revoke")
                || path.startsWith(Endpoints.PAR)
                ? appBasic : "Bearer " + adminToken;
        String type = path.startsWith("/oauth2/") && !path.equals(Endpoints.USERINFO)
                ? "application/x-www-form-urlencoded" : "application/json";
        return endpoint + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + credentials + "\r\nContent-Type: " + type + "\r\n";
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBodyCutOffByTheClientIsA400OrAClosedConnection(String endpoint) throws IOException {
        String response = RawHttp.exchange(issuer.baseUri(), head(endpoint) + "Content-Length: 100\r\n\r\ngrant_type=cl");

        assertRefusedOrClosed(response, "400");
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBodyThatStallsIsDroppedNotAnswered500(String endpoint) throws IOException {
        try (RawHttp connection = RawHttp.connect(issuer.baseUri())) {
            connection.send(head(endpoint) + "Content-Length: 100\r\n\r\ngrant_type=cl");

            assertRefusedOrClosed(connection.rest(), "400", "408");
        }
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBadChunkSizeIsA400(String endpoint) throws IOException {
        String response = RawHttp.exchange(issuer.baseUri(), head(endpoint)
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\ngrant_type=x\r\n0\r\n\r\n");

        assertRefusedOrClosed(response, "400");
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aChunkLongerThanDeclaredIsA400(String endpoint) throws IOException {
        String response = RawHttp.exchange(issuer.baseUri(), head(endpoint)
                + "Transfer-Encoding: chunked\r\n\r\n3\r\ngrant_type=client_credentials\r\n0\r\n\r\n");

        assertRefusedOrClosed(response, "400");
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBareLineFeedInAHeaderValueDoesNotHideAContentLength(String endpoint) throws IOException {
        String response = RawHttp.exchange(issuer.baseUri(), head(endpoint) + "X-Note: a\nContent-Length: 5\r\n\r\nhello");

        assertThat(response).as(endpoint).startsWith("HTTP/1.1 400 ").contains("Malformed HTTP request");
        assertThat(responses(response)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBareLineFeedInAHeaderValueDoesNotHideATransferEncoding(String endpoint) throws IOException {
        String response = RawHttp.exchange(issuer.baseUri(), head(endpoint)
                + "X-Note: a\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET " + Endpoints.LIVE + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(response).as(endpoint).startsWith("HTTP/1.1 400 ").contains("Malformed HTTP request");
        assertThat(responses(response)).as("one answer, no second request smuggled after the body").isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aTransferCodingBeforeChunkedIsRefusedNotReadAsChunked(String endpoint) throws IOException {
        for (String coding : List.of("identity, chunked", "gzip, chunked", "chunked, chunked")) {
            String response = RawHttp.exchange(issuer.baseUri(), head(endpoint) + "Transfer-Encoding: " + coding
                    + "\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET " + Endpoints.LIVE + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(response).as(endpoint + " " + coding).matches("(?s)HTTP/1.1 (400|501) .*");
            assertThat(responses(response)).as(endpoint + " " + coding + ": one answer, and the connection closed after it")
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void moreThanAHundredHeadersAre431(String endpoint) throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append("X-").append(i).append(": a\r\n");
        }
        String response = RawHttp.exchange(issuer.baseUri(), head(endpoint) + many + "Content-Length: 0\r\n\r\n");

        assertThat(response).as(endpoint).startsWith("HTTP/1.1 431 ").contains("\"status\":431");
    }

    @Test
    void aHundredHeadersAreAccepted() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 99; i++) {
            many.append("X-").append(i).append(": a\r\n");
        }
        String response = RawHttp.exchange(issuer.baseUri(), "GET " + Endpoints.LIVE + " HTTP/1.1\r\n" + many + "Host: x\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ");
    }

    @ParameterizedTest
    @MethodSource("overrides")
    void aGetWithAMethodOverrideToPostGetsNoToken(String override) throws IOException {
        String response = RawHttp.exchange(issuer.baseUri(), "GET " + Endpoints.TOKEN + "?grant_type=client_credentials&_method=POST"
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + appBasic + "\r\n" + override + ": POST\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\ngrant_type=client_credentials");

        assertThat(response).as(override).startsWith("HTTP/1.1 405 ").doesNotContain("access_token");
    }

    @ParameterizedTest
    @MethodSource("overrides")
    void aGetWithAMethodOverrideToDeleteDeletesNothing(String override) throws IOException {
        String clientId = "victim-" + Math.abs(override.hashCode());
        issuer.register(TestClients.confidential(clientId).build());

        String response = RawHttp.exchange(issuer.baseUri(), "GET " + Endpoints.ADMIN + "/clients/" + clientId + "?_method=DELETE"
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + adminToken + "\r\n" + override + ": DELETE\r\n\r\n");

        assertThat(response).as(override).startsWith("HTTP/1.1 200 ");
        assertThat(issuer.services().clients().find(clientId)).as("the client after " + override).isPresent();
    }

    @Test
    void aPostWithAMethodFormFieldDeletesNothing() throws IOException {
        issuer.register(TestClients.confidential("victim-form").build());

        String response = RawHttp.exchange(issuer.baseUri(), "POST " + Endpoints.ADMIN + "/clients/victim-form?_method=DELETE"
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + adminToken + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n\r\n_method=DELETE");

        assertThat(response).matches("(?s)HTTP/1.1 40[45] .*");
        assertThat(issuer.services().clients().find("victim-form")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET " + Endpoints.USERINFO, "POST " + Endpoints.USERINFO, "POST " + Endpoints.LOGOUT,
            "GET " + Endpoints.ADMIN + "/users", "GET " + Endpoints.VERIFY + "/orders"})
    void twoAuthorizationHeadersAreA400InvalidRequestAtEveryBearerEndpoint(String endpoint) throws IOException {
        String response = RawHttp.exchange(issuer.baseUri(), endpoint + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + adminToken + "\r\nAuthorization: Bearer other\r\nContent-Length: 0\r\n\r\n");

        assertThat(response).as(endpoint).startsWith("HTTP/1.1 400 ")
                .containsPattern("(?i)WWW-Authenticate: Bearer [^\r]*error=\"invalid_request\"");
    }

    static Stream<String> overrides() {
        return StrictRequests.METHOD_OVERRIDES.stream();
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

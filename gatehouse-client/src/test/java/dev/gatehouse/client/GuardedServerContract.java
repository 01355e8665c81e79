package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.gatehouse.client.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must do on a real server: let an allowed request through with the verified token, and answer
 * a refused one with the gate's status, headers and JSON body without reaching the resource.
 */
public abstract class GuardedServerContract {
    protected static final AccessPolicy POLICY = AccessPolicy.audience("orders").withScopes(Set.of("orders.read"));

    private final ECKey key = TestTokens.ecKey("key-1");
    private final HttpClient http = HttpClient.newHttpClient();
    /** Counts requests that reached the resource behind the adapter. */
    protected final AtomicInteger reached = new AtomicInteger();

    /**
     * Starts a server whose {@code GET /orders} is guarded by the adapter and answers {@code hello <subject>} from
     * the token the adapter left in the request attribute {@link VerifiedAccessToken#REQUEST_ATTRIBUTE}.
     */
    protected abstract URI serve(Gate gate, AccessPolicy policy) throws Exception;

    protected abstract void stopServer() throws Exception;

    @AfterEach
    void stop() throws Exception {
        stopServer();
    }

    private Gate gate() {
        return new Gate(JwtTokenVerifier.builder(TestTokens.ISSUER, TestTokens.keySource(key)).build());
    }

    private HttpResponse<String> get(URI base, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/orders"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAllowedRequestReachesTheResourceWithTheVerifiedToken() throws Exception {
        URI base = serve(gate(), POLICY);

        HttpResponse<String> response = get(base, "Bearer " + TestTokens.token(key, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello alice");
        assertThat(reached).hasValue(1);
    }

    @Test
    void aRequestWithoutTokenIsChallengedWithoutErrorCode() throws Exception {
        URI base = serve(gate(), POLICY);

        HttpResponse<String> response = get(base, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"gatehouse\"");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"error_description\":\"An access token is required\"}");
        assertThat(reached).hasValue(0);
    }

    @Test
    void anExpiredTokenIsRefusedWithInvalidToken() throws Exception {
        URI base = serve(gate(), POLICY);

        HttpResponse<String> response = get(base, "Bearer " + TestTokens.token(key, Instant.now().minusSeconds(3600)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(
                "Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"The access token expired\"");
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}");
        assertThat(reached).hasValue(0);
    }

    @Test
    void aTokenWithoutTheScopeIsForbidden() throws Exception {
        URI base = serve(gate(), POLICY.withScopes(Set.of("orders.admin")));

        HttpResponse<String> response = get(base, "Bearer " + TestTokens.token(key, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                c -> assertThat(c).contains("error=\"insufficient_scope\"").contains("scope=\"orders.admin orders.read\""));
        assertThat(response.body()).contains("\"error\":\"insufficient_scope\"");
        assertThat(reached).hasValue(0);
    }

    @Test
    void anUnavailableVerifierAnswers503WithRetryAfter() throws Exception {
        URI base = serve(new Gate(token -> {
            throw new VerifierUnavailableException("feed stale");
        }), POLICY);

        HttpResponse<String> response = get(base, "Bearer " + TestTokens.token(key, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
        assertThat(reached).hasValue(0);
    }

    @Test
    void aRefusalWaitsForTheBodyAndKeepsTheConnection() throws Exception {
        URI base = serve(gate(), POLICY);

        try (RawHttp connection = RawHttp.connect(base)) {
            connection.postInTwoParts("/orders", "Content-Type: text/plain\r\n", "x".repeat(20_000));

            assertThat(connection.response()).startsWith("HTTP/1.1 401 ").doesNotContainIgnoringCase("Connection: close");

            connection.get("/orders");
            assertThat(connection.response()).as("the next request on the same connection").startsWith("HTTP/1.1 401 ");
        }
        assertThat(reached).hasValue(0);
    }
}

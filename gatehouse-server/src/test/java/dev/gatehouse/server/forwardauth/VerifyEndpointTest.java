package dev.gatehouse.server.forwardauth;

import static dev.gatehouse.server.forwardauth.GatewayHttp.bearer;
import static dev.gatehouse.server.forwardauth.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.client.IdentityHeaders;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.client.testing.TokenSpellings;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyEndpointTest {
    static final String ORDERS = "https://orders.test";
    static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dir;

    static TestIssuer issuer;
    static GatewayHttp http;
    static String appSecret;

    @BeforeAll
    static void start() {
        issuer = TestIssuer.start(dir);
        http = new GatewayHttp(issuer.baseUri());
        appSecret = issuer.register(TestClients.confidential("app").grant(GrantType.PASSWORD)
                .audience(ORDERS, "billing").scope("orders:read", "orders:write").role("reader").build());
        issuer.createUser("alice", PASSWORD, Set.of("clerk"));
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    static String verifyOrders() {
        return Endpoints.VERIFY + "?audience=" + GatewayHttp.encode(ORDERS);
    }

    @Test
    void aRequestWithoutTokenGets401WithABareChallengeAndNoErrorCode() {
        HttpResponse<String> response = http.get(verifyOrders());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatehouse\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(response);
        assertThat(body.has("error")).isFalse();
        assertThat(body.path("error_description").asText()).isNotEmpty();
    }

    @Test
    void aJunkTokenIsAnInvalidToken() {
        HttpResponse<String> response = http.get(verifyOrders(), "Authorization", bearer("not.a.token"));

        assertInvalidToken(response);
    }

    @Test
    void otherSpellingsOfAValidTokenAreInvalidTokens() {
        String token = http.clientCredentials("app", appSecret);
        assertThat(http.get(verifyOrders(), "Authorization", bearer(token)).statusCode()).isEqualTo(200);

        for (String spelling : TokenSpellings.of(token)) {
            assertInvalidToken(http.get(verifyOrders(), "Authorization", bearer(spelling)));
        }
    }

    @Test
    void aRevokedTokenIsAnInvalidToken() {
        String token = http.clientCredentials("app", appSecret);
        assertThat(http.get(verifyOrders(), "Authorization", bearer(token)).statusCode()).isEqualTo(200);

        assertThat(http.revoke("app", appSecret, token).statusCode()).isEqualTo(200);

        assertInvalidToken(http.get(verifyOrders(), "Authorization", bearer(token)));
    }

    @Test
    void aTokenForAnotherAudienceIsAnInvalidToken() {
        String token = http.clientCredentials("app", appSecret);

        assertInvalidToken(http.get(Endpoints.VERIFY + "?audience=inventory", "Authorization", bearer(token)));
    }

    @Test
    void aTokenWithoutTheRequiredScopeGets403InsufficientScope() {
        String token = http.clientCredentials("app", appSecret);

        HttpResponse<String> response = http.get(verifyOrders() + "&scope=orders:delete", "Authorization", bearer(token));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("error").asText()).isEqualTo("insufficient_scope");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .contains("error=\"insufficient_scope\"").contains("scope=\"orders:delete\""));
    }

    @Test
    void aTokenWithoutTheRequiredRoleGets403InsufficientScope() {
        String token = http.clientCredentials("app", appSecret);

        HttpResponse<String> response = http.get(verifyOrders() + "&role=admin", "Authorization", bearer(token));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("error").asText()).isEqualTo("insufficient_scope");
    }

    @Test
    void anAllowedRequestGets200WithTheIdentityHeadersAndAnEmptyBody() throws Exception {
        JsonNode login = http.password("app", appSecret, "alice", PASSWORD);
        String token = login.path("access_token").asText();
        VerifiedAccessToken verified = issuer.services().verifier().verify(token);

        HttpResponse<String> response = http.get(verifyOrders() + "&scope=orders:read&role=clerk",
                "Authorization", bearer(token));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(IdentityHeaders.of(verified)).containsKeys(IdentityHeaders.SUBJECT, IdentityHeaders.SESSION)
                .allSatisfy((name, value) -> assertThat(response.headers().firstValue(name)).as(name).hasValue(value));
        assertThat(response.headers().firstValue(IdentityHeaders.SUBJECT)).hasValue(verified.subject());
        assertThat(response.headers().firstValue(IdentityHeaders.ROLES)).hasValue("clerk");
    }

    @Test
    void thePathFormTakesTheAudienceFromItsFirstSegmentWhateverFollows() {
        String token = http.clientCredentials("app", appSecret);

        assertThat(http.get(Endpoints.VERIFY + "/billing", "Authorization", bearer(token)).statusCode()).isEqualTo(200);
        HttpResponse<String> allowed = http.get(Endpoints.VERIFY + "/billing/orders/42/items?page=2", "Authorization", bearer(token));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.headers().firstValue(IdentityHeaders.CLIENT_ID)).hasValue("app");
        assertInvalidToken(http.get(Endpoints.VERIFY + "/inventory/orders/42", "Authorization", bearer(token)));
    }

    @Test
    void aUrlAudienceInThePathFormIsPercentEncoded() {
        String token = http.clientCredentials("app", appSecret);

        HttpResponse<String> response = http.get(Endpoints.VERIFY + "/" + GatewayHttp.encode(ORDERS) + "/orders/42",
                "Authorization", bearer(token));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void addedQueryParametersOnlyNarrowAccess() {
        String token = http.clientCredentials("app", appSecret);

        assertThat(http.get(Endpoints.VERIFY + "/billing?audience=" + GatewayHttp.encode(ORDERS),
                "Authorization", bearer(token)).statusCode()).isEqualTo(200);
        assertThat(http.get(Endpoints.VERIFY + "/billing?audience=inventory", "Authorization", bearer(token))
                .statusCode()).isEqualTo(401);
        assertThat(http.get(verifyOrders() + "&scope=orders:read%20orders:write", "Authorization", bearer(token))
                .statusCode()).isEqualTo(200);
        assertThat(http.get(verifyOrders() + "&scope=orders:read&scope=orders:admin", "Authorization", bearer(token))
                .statusCode()).isEqualTo(403);
        assertThat(http.get(verifyOrders() + "&role=reader&role=writer", "Authorization", bearer(token))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void requirementsAreNeverTakenFromHeaders() {
        String token = http.clientCredentials("app", appSecret);

        HttpResponse<String> response = http.get(Endpoints.VERIFY, "Authorization", bearer(token),
                "X-Audience", ORDERS, "X-Forwarded-Uri", "/billing/x");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void noAudienceIsAProxyMisconfigurationAnswered400() {
        String token = http.clientCredentials("app", appSecret);

        for (String path : new String[] {Endpoints.VERIFY, Endpoints.VERIFY + "?scope=orders:read", Endpoints.VERIFY + "?audience="}) {
            HttpResponse<String> response = http.get(path, "Authorization", bearer(token));
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(json(response).path("detail").asText()).contains("audience");
        }
    }

    @Test
    void aRequirementThatCouldNotStandInAChallengeIsAnswered400() {
        String token = http.clientCredentials("app", appSecret);

        for (String scope : new String[] {"a%22b", "x%0D%0AX-Injected:%201", "sp%5Cace"}) {
            HttpResponse<String> response = http.get(Endpoints.VERIFY + "?audience=orders&scope=" + scope,
                    "Authorization", bearer(token));
            assertThat(response.statusCode()).as(scope).isEqualTo(400);
            assertThat(response.headers().firstValue("X-Injected")).isEmpty();
            assertThat(json(response).path("detail").asText()).contains("Bad requirement");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void everyMethodIsAnswered(String method) {
        String token = http.clientCredentials("app", appSecret);

        HttpResponse<String> allowed = http.send(method, verifyOrders(), "Authorization", bearer(token));
        HttpResponse<String> denied = http.send(method, Endpoints.VERIFY + "/billing/x");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue(IdentityHeaders.CLIENT_ID)).hasValue("app");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatehouse\"");
    }

    @Test
    void anExpiredTokenIsAnInvalidToken(@TempDir Path ownDir) {
        // an issuer of its own, so that moving its clock disturbs no other test
        try (TestIssuer own = TestIssuer.start(ownDir)) {
            GatewayHttp ownHttp = new GatewayHttp(own.baseUri());
            String secret = own.register(TestClients.confidential("app").audience(ORDERS).build());
            String token = ownHttp.clientCredentials("app", secret);
            assertThat(ownHttp.get(verifyOrders(), "Authorization", bearer(token)).statusCode()).isEqualTo(200);

            own.clock().advance(Duration.ofMinutes(30));
            HttpResponse<String> response = ownHttp.get(verifyOrders(), "Authorization", bearer(token));

            assertInvalidToken(response);
            assertThat(json(response).path("error_description").asText()).containsIgnoringCase("expired");
        }
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                c -> assertThat(c).startsWith("Bearer realm=\"gatehouse\"").contains("error=\"invalid_token\""));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().map().keySet()).noneMatch(IdentityHeaders::isIdentityHeader);
    }
}

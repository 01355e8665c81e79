package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.basic;
import static dev.gatehouse.server.oauth.OAuthHttp.form;
import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.client.testing.TokenSpellings;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntrospectionEndpointTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    MutableClock clock = MutableClock.startingNow();
    TestIssuer issuer;
    OAuthHttp http;
    String appSecret;
    String gatewaySecret;
    String ordersSecret;
    User alice;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir, clock, UnaryOperator.identity());
        http = new OAuthHttp(issuer.baseUri());
        appSecret = issuer.register(TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid", "orders:read").build());
        gatewaySecret = issuer.register(TestClients.confidential("gateway").introspection().build());
        ordersSecret = issuer.register(TestClients.confidential("orders").scope("orders:read").role("svc").build());
        issuer.register(TestClients.publicClient("spa").build());
        alice = issuer.createUser("alice", PASSWORD, Set.of("reader"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void activeUserAccessTokenIsDescribedInFull() throws Exception {
        String access = OAuthHttp.accessToken(http.password("app", appSecret, "alice", PASSWORD, "openid orders:read"));
        var claims = SignedJWT.parse(access).getJWTClaimsSet();

        HttpResponse<String> response = http.introspect("gateway", gatewaySecret, access);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        TokenIntrospectionSuccessResponse parsed = parse(response);
        assertThat(parsed.isActive()).isTrue();
        assertThat(parsed.getTokenType().getValue()).isEqualTo("Bearer");
        assertThat(parsed.getScope().toString()).isEqualTo("openid orders:read");
        assertThat(parsed.getClientID().getValue()).isEqualTo("app");
        assertThat(parsed.getSubject().getValue()).isEqualTo(alice.id());
        assertThat(parsed.getUsername()).isEqualTo("alice");
        assertThat(parsed.getAudience()).extracting(a -> a.getValue()).containsExactly("https://api.test");
        assertThat(parsed.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
        assertThat(parsed.getExpirationTime()).isEqualTo(claims.getExpirationTime());
        assertThat(parsed.getIssueTime()).isEqualTo(claims.getIssueTime());
        assertThat(parsed.getJWTID().getValue()).isEqualTo(claims.getJWTID());
        assertThat(parsed.getStringParameter("sid")).isEqualTo(claims.getStringClaim("sid"));
        assertThat(parsed.getStringListParameter("roles")).containsExactly("reader");
    }

    @Test
    void clientCredentialsTokenHasNoUsernameOrSession() throws Exception {
        String access = http.clientCredentials("orders", ordersSecret);

        TokenIntrospectionSuccessResponse parsed = parse(http.introspect("gateway", gatewaySecret, access));

        assertThat(parsed.isActive()).isTrue();
        assertThat(parsed.getSubject().getValue()).isEqualTo("orders");
        assertThat(parsed.getUsername()).isNull();
        assertThat(parsed.toJSONObject()).doesNotContainKey("sid");
        assertThat(parsed.getStringListParameter("roles")).containsExactly("svc");
    }

    @Test
    void accessTokensOfEverySigningAlgorithmAreActive() {
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.RS256)) {
            String clientId = "svc-" + algorithm.getName().toLowerCase();
            String secret = issuer.register(TestClients.confidential(clientId).algorithm(algorithm).build());

            assertThat(introspect(http.clientCredentials(clientId, secret))).as(algorithm.getName())
                    .containsEntry("active", true).containsEntry("client_id", clientId);
        }
    }

    @Test
    void liveRefreshTokenIsActive() throws Exception {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read"));

        TokenIntrospectionSuccessResponse parsed = parse(http.introspect("gateway", gatewaySecret, (String) login.get("refresh_token")));

        assertThat(parsed.isActive()).isTrue();
        assertThat(parsed.getStringParameter("token_type")).isEqualTo("refresh_token");
        assertThat(parsed.getScope().toString()).isEqualTo("orders:read");
        assertThat(parsed.getClientID().getValue()).isEqualTo("app");
        assertThat(parsed.getSubject().getValue()).isEqualTo(alice.id());
        assertThat(parsed.getExpirationTime().toInstant()).isAfter(clock.instant());
        assertThat(parsed.getIssueTime()).isNotNull();
    }

    @Test
    void refreshTokenOfADisabledUserIsInactive() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read"));
        // Straight to the store: the user check itself is under test, not the revocation that disabling triggers.
        issuer.services().stores().users().update(alice.withDisabled(true, clock.instant()));

        assertThat(introspect((String) login.get("refresh_token"))).isEqualTo(Map.of("active", false));
        assertThat(introspect((String) login.get("access_token"))).isEqualTo(Map.of("active", false));
    }

    @Test
    void refreshTokenOfAnEndedSessionIsInactive() throws Exception {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read"));
        String sid = SignedJWT.parse((String) login.get("access_token")).getJWTClaimsSet().getStringClaim("sid");
        issuer.services().stores().sessions().revoke(sid, clock.instant());

        assertThat(introspect((String) login.get("refresh_token"))).isEqualTo(Map.of("active", false));
    }

    @Test
    void unknownTokenIsInactiveAndNothingMore() {
        HttpResponse<String> response = http.introspect("gateway", gatewaySecret, "no-such-token");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void expiredAccessTokenIsInactive() {
        String access = http.clientCredentials("orders", ordersSecret);
        assertThat(introspect(access)).containsEntry("active", true);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(introspect(access)).isEqualTo(Map.of("active", false));
    }

    @Test
    void tokenWithAFlippedSignatureByteIsInactive() {
        String access = http.clientCredentials("orders", ordersSecret);
        String[] parts = access.split("\\.");
        byte[] signature = new Base64URL(parts[2]).decode();
        signature[signature.length / 2] ^= 0x01;

        String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);

        assertThat(introspect(tampered)).isEqualTo(Map.of("active", false));
    }

    @Test
    void otherSpellingsOfAnActiveTokenAreInactive() {
        String access = http.clientCredentials("orders", ordersSecret);
        assertThat(introspect(access)).containsEntry("active", true);

        for (String spelling : TokenSpellings.of(access)) {
            assertThat(introspect(spelling)).as(spelling).isEqualTo(Map.of("active", false));
        }
    }

    @Test
    void tokenWithAChangedClaimIsInactive() {
        String access = http.clientCredentials("orders", ordersSecret);
        String[] parts = access.split("\\.");
        String payload = new Base64URL(parts[1]).decodeToString().replace("\"orders:read\"", "\"orders:admin\"");

        String tampered = parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(tampered).isNotEqualTo(access);
        assertThat(introspect(tampered)).isEqualTo(Map.of("active", false));
    }

    @Test
    void idTokenPresentedAsAccessTokenIsInactive() {
        String idToken = (String) json(http.password("app", appSecret, "alice", PASSWORD, "openid")).get("id_token");

        assertThat(introspect(idToken)).isEqualTo(Map.of("active", false));
    }

    @Test
    void clientNotRegisteredForIntrospectionIsForbidden() {
        String access = http.clientCredentials("orders", ordersSecret);

        HttpResponse<String> response = http.introspect("orders", ordersSecret, access);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response)).containsEntry("error", "unauthorized_client");
    }

    @Test
    void callerMustAuthenticateAsAConfidentialClient() {
        String access = http.clientCredentials("orders", ordersSecret);

        HttpResponse<String> anonymous = http.post(Endpoints.INTROSPECTION, form("token", access));
        HttpResponse<String> publicClient = http.post(Endpoints.INTROSPECTION, form("token", access, "client_id", "spa"));
        HttpResponse<String> bearer = http.post(Endpoints.INTROSPECTION, form("token", access), "Authorization", "Bearer " + access);
        HttpResponse<String> wrongSecret = http.introspect("gateway", "wrong", access);

        for (HttpResponse<String> response : List.of(anonymous, publicClient, bearer, wrongSecret)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response)).containsEntry("error", "invalid_client");
        }
    }

    @Test
    void missingTokenIsInvalidRequest() {
        HttpResponse<String> response = http.post(Endpoints.INTROSPECTION, form("token_type_hint", "access_token"),
                "Authorization", basic("gateway", gatewaySecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void wrongTokenTypeHintStillFindsTheToken() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read"));

        HttpResponse<String> access = http.post(Endpoints.INTROSPECTION,
                form("token", (String) login.get("access_token"), "token_type_hint", "refresh_token"),
                "Authorization", basic("gateway", gatewaySecret));
        HttpResponse<String> refresh = http.post(Endpoints.INTROSPECTION,
                form("token", (String) login.get("refresh_token"), "token_type_hint", "access_token"),
                "Authorization", basic("gateway", gatewaySecret));

        assertThat(json(access)).containsEntry("active", true).containsEntry("token_type", "Bearer");
        assertThat(json(refresh)).containsEntry("active", true).containsEntry("token_type", "refresh_token");
    }

    private Map<String, Object> introspect(String token) {
        HttpResponse<String> response = http.introspect("gateway", gatewaySecret, token);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    /** Reads the answer back the way a resource server's Nimbus client would. */
    private static TokenIntrospectionSuccessResponse parse(HttpResponse<String> response) throws Exception {
        HTTPResponse nimbus = new HTTPResponse(response.statusCode());
        nimbus.setContentType(response.headers().firstValue("Content-Type").orElseThrow());
        nimbus.setBody(response.body());
        TokenIntrospectionResponse parsed = TokenIntrospectionResponse.parse(nimbus);
        assertThat(parsed.indicatesSuccess()).isTrue();
        return parsed.toSuccessResponse();
    }
}

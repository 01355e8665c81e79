package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.basic;
import static dev.gatehouse.server.oauth.OAuthHttp.form;
import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.authorize.AuthorizationCodes;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.AuthorizationCodeFixture;
import dev.gatehouse.server.testing.AuthorizationCodeFixture.IssuedCode;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorization_code grant at the real token endpoint, with codes minted as the sign-in would mint them. */
class AuthorizationCodeGrantTest {
    private static final String PASSWORD = "correct horse battery";
    private static final URI WEB_CALLBACK = URI.create("https://web.example/callback");
    private static final URI SPA_CALLBACK = URI.create("http://127.0.0.1:8123/cb");

    @TempDir
    Path dir;

    MutableClock clock = MutableClock.startingNow();
    TestIssuer issuer;
    OAuthHttp http;
    String webSecret;
    String gatewaySecret;
    User alice;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir, clock, UnaryOperator.identity());
        http = new OAuthHttp(issuer.baseUri());
        webSecret = issuer.register(TestClients.confidential("web")
                .grant(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN).scope("openid", "orders:read")
                .redirectUri(WEB_CALLBACK.toString()).build());
        issuer.register(TestClients.publicClient("spa").grant(GrantType.AUTHORIZATION_CODE).scope("openid")
                .redirectUri(SPA_CALLBACK.toString()).build());
        gatewaySecret = issuer.register(TestClients.confidential("gateway").introspection().build());
        alice = issuer.createUser("alice", PASSWORD, Set.of("reader"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void aCodeWithItsVerifierIsExchangedForAccessRefreshAndIdTokensOfTheSession() throws Exception {
        IssuedCode code = webCode().scope("openid", "orders:read").nonce("n-0S6_WzA2Mj").issue();

        HttpResponse<String> response = redeemAsWeb(code);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        TokenResponse parsed = OIDCTokenResponseParser.parse(new HTTPResponse(200) {{
            setContentType("application/json");
            setBody(response.body());
        }});
        assertThat(parsed.indicatesSuccess()).isTrue();
        var tokens = ((OIDCTokenResponse) parsed).getOIDCTokens();
        assertThat(tokens.getAccessToken().getScope().toStringList()).containsExactlyInAnyOrder("openid", "orders:read");
        assertThat(tokens.getRefreshToken()).isNotNull();
        var access = issuer.services().verifier().verify(tokens.getAccessToken().getValue());
        assertThat(access.subject()).isEqualTo(alice.id());
        assertThat(access.sid()).isEqualTo(code.sessionId());
        assertThat(access.audience()).containsExactly("https://api.test");
        assertThat(OAuthHttp.accessToken(http.refresh("web", webSecret, tokens.getRefreshToken().getValue())))
                .isNotBlank();
    }

    @Test
    void theIdTokenIsSignedByThePublishedKeyAndCarriesEveryClaimTheCodeFlowAsksFor() throws Exception {
        String nonce = "  n\u00e9 \"quoted\" <tag> +/= ";
        IssuedCode code = webCode().scope("openid").nonce(nonce).issue();
        var authTime = issuer.services().stores().sessions().find(code.sessionId()).orElseThrow().authTime();

        var body = json(redeemAsWeb(code));

        SignedJWT id = SignedJWT.parse((String) body.get("id_token"));
        JWKSet jwks = JWKSet.parse(http.get(Endpoints.JWKS).body());
        assertThat(id.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(id.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId(id.getHeader().getKeyID())))).isTrue();
        JWTClaimsSet claims = id.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer.baseUri().toString());
        assertThat(claims.getSubject()).isEqualTo(alice.id());
        assertThat(claims.getAudience()).containsExactly("web");
        assertThat(claims.getStringClaim("azp")).isEqualTo("web");
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(authTime.getEpochSecond());
        assertThat(claims.getStringClaim("nonce")).isEqualTo(nonce);
        assertThat(claims.getStringClaim("sid")).isEqualTo(code.sessionId());
        // OpenID Connect Core 3.1.3.6, computed here without the issuer's code: left half of SHA-256, base64url
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(((String) body.get("access_token")).getBytes(StandardCharsets.US_ASCII));
        assertThat(claims.getStringClaim("at_hash"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)));
    }

    @Test
    void anAuthorizationRequestWithoutNonceGivesAnIdTokenWithoutOne() throws Exception {
        var body = json(redeemAsWeb(webCode().scope("openid").issue()));

        assertThat(SignedJWT.parse((String) body.get("id_token")).getJWTClaimsSet().getClaims()).doesNotContainKey("nonce");
    }

    @Test
    void withoutTheOpenidScopeThereIsNoIdToken() {
        var body = json(redeemAsWeb(webCode().scope("orders:read").issue()));

        assertThat(body).containsKey("access_token").doesNotContainKey("id_token");
    }

    @Test
    void aSecondRedemptionIsRefusedAndRevokesTheTokensOfTheFirst() throws Exception {
        IssuedCode code = webCode().scope("openid", "orders:read").issue();
        var first = json(redeemAsWeb(code));
        String access = (String) first.get("access_token");
        String refresh = (String) first.get("refresh_token");
        assertThat(introspect(access)).containsEntry("active", true);

        HttpResponse<String> replay = redeemAsWeb(code);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay)).containsEntry("error", "invalid_grant");
        assertThat(introspect(access)).containsEntry("active", false);
        assertThat(introspect(refresh)).containsEntry("active", false);
        assertThatThrownBy(() -> issuer.services().verifier().verify(access)).isInstanceOf(InvalidTokenException.class);
        assertThat(json(http.refresh("web", webSecret, refresh))).containsEntry("error", "invalid_grant");
        assertThat(issuer.services().stores().revocationLog().after(0, 100))
                .anySatisfy(e -> assertThat(e.value()).isEqualTo(SignedJWT.parse(access).getJWTClaimsSet().getJWTID()));
    }

    @Test
    void aReplayDoesNotEndTheSessionForTheOtherClientsSignedInThroughIt() throws Exception {
        IssuedCode webCode = webCode().scope("openid").issue();
        IssuedCode spaCode = AuthorizationCodeFixture.forUser(issuer, alice).client("spa", SPA_CALLBACK)
                .session(webCode.sessionId()).scope("openid").issue();
        String spaAccess = OAuthHttp.accessToken(redeemAsSpa(spaCode));
        redeemAsWeb(webCode);

        redeemAsWeb(webCode);

        var spa = issuer.services().verifier().verify(spaAccess);
        assertThat(spa.sid()).isEqualTo(webCode.sessionId());
        assertThat(introspect(spaAccess)).containsEntry("active", true);
    }

    @Test
    void aCodeIssuedToAnotherClientIsRefused() {
        IssuedCode spaCode = AuthorizationCodeFixture.forUser(issuer, alice).client("spa", SPA_CALLBACK)
                .scope("openid").issue();

        HttpResponse<String> response = http.token(form("grant_type", "authorization_code", "code", spaCode.code(),
                "redirect_uri", SPA_CALLBACK.toString(), "code_verifier", spaCode.codeVerifier()),
                "Authorization", basic("web", webSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_grant");
        assertThat(redeemAsSpa(spaCode).statusCode()).isEqualTo(200);
    }

    @Test
    void aRedirectUriThatDiffersInAnyWayIsRefused() {
        IssuedCode code = webCode().scope("openid").issue();

        for (String other : List.of("https://WEB.example/callback", "https://web.example/Callback",
                "https://web.example/callback/", "https://web.example:443/callback", "https://web.example:8443/callback",
                "http://web.example/callback", "https://web.example/callback?", "https://web.example/callback%2F")) {
            HttpResponse<String> response = redeem("web", webSecret, code.code(), other, code.codeVerifier());

            assertThat(response.statusCode()).as(other).isEqualTo(400);
            assertThat(json(response)).as(other).containsEntry("error", "invalid_grant");
        }
        assertThat(json(redeem("web", webSecret, code.code(), null, code.codeVerifier())))
                .containsEntry("error", "invalid_grant");
        assertThat(redeemAsWeb(code).statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingOrWrongVerifierIsRefusedAndLeavesTheCodeToItsClient() {
        IssuedCode code = webCode().scope("openid").issue();

        assertThat(json(redeem("web", webSecret, code.code(), WEB_CALLBACK.toString(), null)))
                .containsEntry("error", "invalid_grant");
        assertThat(json(redeem("web", webSecret, code.code(), WEB_CALLBACK.toString(), new CodeVerifier().getValue())))
                .containsEntry("error", "invalid_grant");

        assertThat(redeemAsWeb(code).statusCode()).isEqualTo(200);
    }

    @Test
    void aPlainChallengeIsNeverAccepted() {
        CodeVerifier verifier = new CodeVerifier();
        IssuedCode code = webCode().scope("openid").verifier(verifier).challenge(verifier.getValue()).issue();

        assertThat(json(redeemAsWeb(code))).containsEntry("error", "invalid_grant");
    }

    @Test
    void aVerifierForACodeIssuedWithoutAChallengeIsRefused() {
        String legacySecret = issuer.register(TestClients.confidential("legacy").grant(GrantType.AUTHORIZATION_CODE)
                .scope("openid").redirectUri(WEB_CALLBACK.toString()).pkceOptional().build());
        IssuedCode code = AuthorizationCodeFixture.forUser(issuer, alice).client("legacy", WEB_CALLBACK).scope("openid")
                .withoutPkce().issue();

        assertThat(json(redeem("legacy", legacySecret, code.code(), WEB_CALLBACK.toString(), new CodeVerifier().getValue())))
                .containsEntry("error", "invalid_grant");
        assertThat(redeem("legacy", legacySecret, code.code(), WEB_CALLBACK.toString(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void aMalformedVerifierIsAnInvalidRequest() {
        IssuedCode code = webCode().scope("openid").issue();

        for (String verifier : List.of("too-short", "a".repeat(129), "a".repeat(42) + "!", "a".repeat(42) + "\u00e9")) {
            HttpResponse<String> response = redeem("web", webSecret, code.code(), WEB_CALLBACK.toString(), verifier);

            assertThat(response.statusCode()).as(verifier).isEqualTo(400);
            assertThat(json(response)).as(verifier).containsEntry("error", "invalid_request");
        }
        assertThat(redeemAsWeb(code).statusCode()).isEqualTo(200);
    }

    @Test
    void aCodeIsRefusedOnceItsLifetimeIsOver() {
        IssuedCode code = webCode().scope("openid").issue();
        clock.advance(AuthorizationCodes.LIFETIME);

        HttpResponse<String> response = redeemAsWeb(code);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_grant");
    }

    @Test
    void anUnknownOrMissingCodeIsRefused() {
        assertThat(json(redeem("web", webSecret, "no-such-code", WEB_CALLBACK.toString(), new CodeVerifier().getValue())))
                .containsEntry("error", "invalid_grant");
        assertThat(json(http.token(form("grant_type", "authorization_code", "redirect_uri", WEB_CALLBACK.toString()),
                "Authorization", basic("web", webSecret)))).containsEntry("error", "invalid_request");
    }

    @Test
    void ofConcurrentRedemptionsOfOneCodeExactlyOneGetsTokens() throws Exception {
        IssuedCode code = webCode().scope("openid").issue();
        int callers = 8;

        List<HttpResponse<String>> responses = concurrently(callers, () -> redeemAsWeb(code));

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 400).hasSize(callers - 1)
                .allSatisfy(r -> assertThat(json(r)).containsEntry("error", "invalid_grant"));
        String winner = OAuthHttp.accessToken(responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow());
        assertThat(introspect(winner)).containsEntry("active", false);
    }

    @Test
    void aClientWithoutAudienceGetsTokensForUserinfoOnlyThatTheAdminApiRefuses() throws Exception {
        String secret = issuer.register(TestClients.confidential("signin-only").noAudience()
                .grant(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN).scope("openid")
                .redirectUri(WEB_CALLBACK.toString()).build());
        User root = issuer.createUser("root", PASSWORD, Set.of("admin"));
        IssuedCode code = AuthorizationCodeFixture.forUser(issuer, root).client("signin-only", WEB_CALLBACK)
                .scope("openid").issue();

        HttpResponse<String> response = redeem("signin-only", secret, code.code(), WEB_CALLBACK.toString(),
                code.codeVerifier());

        assertThat(response.statusCode()).isEqualTo(200);
        String access = OAuthHttp.accessToken(response);
        assertThat(issuer.services().verifier().verify(access).audience())
                .containsExactly(issuer.baseUri() + Endpoints.USERINFO);
        assertThat(http.userinfo(access).statusCode()).isEqualTo(200);
        assertThat(http.get(Endpoints.ADMIN + "/users", "Authorization", "Bearer " + access).statusCode()).isEqualTo(403);
        String refreshed = OAuthHttp.accessToken(http.refresh("signin-only", secret,
                (String) json(response).get("refresh_token")));
        assertThat(issuer.services().verifier().verify(refreshed).audience())
                .containsExactly(issuer.baseUri() + Endpoints.USERINFO);
    }

    @Test
    void aPublicClientRedeemsWithPkceAndNoSecret() {
        IssuedCode code = AuthorizationCodeFixture.forUser(issuer, alice).client("spa", SPA_CALLBACK).scope("openid").issue();

        HttpResponse<String> response = redeemAsSpa(code);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsKeys("access_token", "id_token", "refresh_token");
    }

    @Test
    void aConfidentialClientMustAuthenticate() {
        IssuedCode code = webCode().scope("openid").issue();
        String params = form("grant_type", "authorization_code", "code", code.code(), "redirect_uri",
                WEB_CALLBACK.toString(), "code_verifier", code.codeVerifier());

        HttpResponse<String> anonymous = http.token(params + "&client_id=web");
        HttpResponse<String> wrongSecret = http.token(params, "Authorization", basic("web", "not-the-secret"));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous)).containsEntry("error", "invalid_client");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(json(wrongSecret)).containsEntry("error", "invalid_client");
        assertThat(redeemAsWeb(code).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientNotRegisteredForTheGrantIsUnauthorized() {
        String serviceSecret = issuer.register(TestClients.confidential("service").scope("openid").build());
        IssuedCode code = AuthorizationCodeFixture.forUser(issuer, alice).client("service", WEB_CALLBACK)
                .scope("openid").issue();

        HttpResponse<String> response = redeem("service", serviceSecret, code.code(), WEB_CALLBACK.toString(),
                code.codeVerifier());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "unauthorized_client");
    }

    @Test
    void aUserDisabledSinceSignInGetsNothing() {
        IssuedCode code = webCode().scope("openid").issue();
        issuer.services().users().setDisabled(alice.id(), true, "test");

        assertThat(json(redeemAsWeb(code))).containsEntry("error", "invalid_grant");
    }

    @Test
    void aSessionEndedSinceSignInGetsNothing() {
        IssuedCode code = webCode().scope("openid").issue();
        issuer.services().revocations().revokeSession(code.sessionId(), alice.id(), "test", "logout");

        assertThat(json(redeemAsWeb(code))).containsEntry("error", "invalid_grant");
    }

    @Test
    void theHousekeepingPurgeForgetsCodesLongExpired() {
        IssuedCode code = webCode().scope("openid").issue();
        clock.advance(AuthorizationCodes.LIFETIME.plus(AuthorizationCodes.REPLAY_MEMORY).plusSeconds(1));

        assertThat(issuer.services().authorizationCodes().purgeExpired()).isEqualTo(1);
        assertThat(issuer.services().authorizationCodes().find(code.code())).isEmpty();
    }

    private AuthorizationCodeFixture webCode() {
        return AuthorizationCodeFixture.forUser(issuer, alice).client("web", WEB_CALLBACK);
    }

    private HttpResponse<String> redeemAsWeb(IssuedCode code) {
        return redeem("web", webSecret, code.code(), code.redirectUri().toString(), code.codeVerifier());
    }

    private HttpResponse<String> redeemAsSpa(IssuedCode code) {
        return redeem("spa", null, code.code(), code.redirectUri().toString(), code.codeVerifier());
    }

    /** The token request of RFC 6749 4.1.3 with PKCE; a null secret sends client_id in the form instead. */
    private HttpResponse<String> redeem(String clientId, String secret, String code, String redirectUri, String verifier) {
        String body = form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "code_verifier", verifier, "client_id", secret == null ? clientId : null);
        return secret == null ? http.token(body) : http.token(body, "Authorization", basic(clientId, secret));
    }

    private java.util.Map<String, Object> introspect(String token) {
        return json(http.introspect("gateway", gatewaySecret, token));
    }

    private static <T> List<T> concurrently(int n, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(1, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

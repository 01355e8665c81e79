package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.basic;
import static dev.gatehouse.server.oauth.OAuthHttp.form;
import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static dev.gatehouse.server.oauth.OAuthHttp.privateKeyJwtClientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenEndpointTest {
    @TempDir
    Path dir;

    TestIssuer issuer;
    OAuthHttp http;
    String ordersSecret;
    String appSecret;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        http = new OAuthHttp(issuer.baseUri());
        ordersSecret = issuer.register(TestClients.confidential("orders")
                .scope("orders:read", "orders:write").audience("https://billing.test").role("svc").build());
        appSecret = issuer.register(TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid", "profile", "orders:read").build());
        issuer.register(TestClients.publicClient("spa").grant(GrantType.PASSWORD).scope("openid").build());
        issuer.createUser("alice", "correct horse battery", Set.of("reader", "writer"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void clientCredentialsWithBasicAuthenticationIssuesBearerToken() throws Exception {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials"),
                "Authorization", basic("orders", ordersSecret));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        Map<String, Object> body = json(response);
        assertThat(body.get("token_type")).isEqualTo("Bearer");
        assertThat(((Number) body.get("expires_in")).longValue()).isEqualTo(300);
        assertThat(Set.of(((String) body.get("scope")).split(" "))).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(body).doesNotContainKeys("refresh_token", "id_token");
        var verified = issuer.services().verifier().verify((String) body.get("access_token"));
        assertThat(verified.clientId()).isEqualTo("orders");
    }

    @Test
    void clientCredentialsWithPostAuthenticationIssuesBearerToken() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "client_id", "orders",
                "client_secret", ordersSecret, "scope", "orders:read"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("scope", "orders:read").containsEntry("token_type", "Bearer");
    }

    @Test
    void clientCredentialsTokenHasTheClientAsSubjectAndNoSession() throws Exception {
        SignedJWT jwt = SignedJWT.parse(http.clientCredentials("orders", ordersSecret));

        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("orders");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("orders");
        assertThat(claims.getStringListClaim("roles")).containsExactly("svc");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("https://api.test", "https://billing.test");
        assertThat(claims.getClaims()).doesNotContainKeys("sid", "auth_time");
    }

    @Test
    void wrongSecretWithBasicIsInvalidClientWithBasicChallenge() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials"),
                "Authorization", basic("orders", "not-the-secret"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"gatehouse\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void wrongSecretInBodyIsInvalidClientWithoutChallenge() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "client_id", "orders",
                "client_secret", "not-the-secret"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void unknownClientIsInvalidClient() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials"),
                "Authorization", basic("nobody", "whatever"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void missingClientAuthenticationIsInvalidClient() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void confidentialClientSendingOnlyItsIdIsInvalidClient() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "client_id", "orders"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void malformedBasicCredentialsAreInvalidClient() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials"),
                "Authorization", "Basic !!not-base64!!");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"gatehouse\"");
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void publicClientCannotUseClientCredentials() {
        // A public client cannot authenticate, and client_credentials requires client authentication (RFC 6749 4.4.2).
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "client_id", "spa"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void grantTheClientIsNotRegisteredForIsUnauthorizedClient() {
        HttpResponse<String> response = http.password("orders", ordersSecret, "alice", "correct horse battery", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "unauthorized_client");
    }

    @Test
    void grantTypeTheIssuerDoesNotRunIsUnsupported() {
        for (String grant : List.of("urn:ietf:params:oauth:grant-type:device_code",
                "urn:ietf:params:oauth:grant-type:jwt-bearer", "made_up")) {
            HttpResponse<String> response = http.token(form("grant_type", grant), "Authorization", basic("orders", ordersSecret));

            assertThat(response.statusCode()).as(grant).isEqualTo(400);
            assertThat(json(response)).as(grant).containsEntry("error", "unsupported_grant_type");
        }
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        HttpResponse<String> response = http.token(form("scope", "orders:read"), "Authorization", basic("orders", ordersSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void malformedFormEncodingIsInvalidRequest() {
        HttpResponse<String> response = http.token("grant_type=client_credentials&scope=%zz",
                "Authorization", basic("orders", ordersSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void bodyThatIsNotFormEncodedIsInvalidRequest() {
        HttpResponse<String> json = http.postRaw(Endpoints.TOKEN,
                HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"),
                "Content-Type", "application/json", "Authorization", basic("orders", ordersSecret));
        HttpResponse<String> none = http.postRaw(Endpoints.TOKEN,
                HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"),
                "Authorization", basic("orders", ordersSecret));

        for (HttpResponse<String> response : List.of(json, none)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response)).containsEntry("error", "invalid_request");
        }
    }

    @Test
    void formWithCharsetParameterIsAccepted() {
        HttpResponse<String> response = http.postRaw(Endpoints.TOKEN,
                HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"),
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8",
                "Authorization", basic("orders", ordersSecret));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        for (String body : List.of("grant_type=client_credentials&grant_type=client_credentials",
                "grant_type=client_credentials&scope=orders:read&scope=orders:write")) {
            HttpResponse<String> response = http.token(body, "Authorization", basic("orders", ordersSecret));

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response)).as(body).containsEntry("error", "invalid_request");
        }
    }

    @Test
    void requestTextAnErrorDescriptionCannotCarryIsReplacedNotAServerError() {
        for (String body : List.of("grant_type=client_credentials&scope=a%22b", "grant_type=client_credentials&scope=caf%C3%A9",
                "grant_type=client_credentials&scope=a%5Cb", "grant_type=client_credentials&resource=https://api.test/caf%C3%A9",
                "grant_type=client_credentials&%C3%A9=1&%C3%A9=2", "grant_type=client_credentials&a%22=1&a%22=2")) {
            HttpResponse<String> response = http.token(body, "Authorization", basic("orders", ordersSecret));

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat((String) json(response).get("error")).as(body).isIn("invalid_scope", "invalid_target", "invalid_request");
            assertThat((String) json(response).get("error_description")).as(body).matches("[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]*");
        }
    }

    @Test
    void aClientWithoutAnAudienceGetsNoAccessToken() {
        String secret = issuer.register(TestClients.confidential("nowhere").noAudience().build());

        HttpResponse<String> response = http.token("grant_type=client_credentials", "Authorization", basic("nowhere", secret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_target");
    }

    @Test
    void twoClientAuthenticationMethodsAreInvalidRequest() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "client_secret", ordersSecret),
                "Authorization", basic("orders", ordersSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void bodyOverTheSizeLimitIsRefusedWithoutServerError() {
        String big = form("grant_type", "client_credentials", "scope", "x".repeat(100 * 1024));

        HttpResponse<String> sized = http.token(big, "Authorization", basic("orders", ordersSecret));
        HttpResponse<String> chunked = http.postRaw(Endpoints.TOKEN,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())),
                "Content-Type", OAuthHttp.FORM, "Authorization", basic("orders", ordersSecret));

        assertThat(sized.statusCode()).isEqualTo(413);
        assertThat(json(sized)).containsEntry("error", "invalid_request");
        assertThat(chunked.statusCode()).isIn(400, 413);
    }

    @Test
    void oversizedValueIsInvalidRequest() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "scope", "x".repeat(20_000)),
                "Authorization", basic("orders", ordersSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void oversizedClientIdIsInvalidClient() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "client_id", "c".repeat(5000),
                "client_secret", "s"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void theAdminScopeGoesOnlyToAClientOrUserWithTheAdminRole() throws Exception {
        String plainSecret = issuer.register(TestClients.confidential("plain").scope("admin", "orders:read").build());
        String adminSecret = issuer.register(TestClients.confidential("ops").scope("admin", "orders:read")
                .role(User.ADMIN_ROLE).build());
        String wideSecret = issuer.register(TestClients.confidential("wide").grant(GrantType.PASSWORD)
                .scope("admin", "orders:read").build());
        issuer.createUser("root", "correct horse battery", Set.of(User.ADMIN_ROLE));

        String plain = http.clientCredentials("plain", plainSecret);
        String ops = http.clientCredentials("ops", adminSecret);
        HttpResponse<String> alice = http.password("wide", wideSecret, "alice", "correct horse battery", "admin orders:read");
        HttpResponse<String> root = http.password("wide", wideSecret, "root", "correct horse battery", "admin orders:read");

        assertThat(issuer.services().verifier().verify(plain).scope()).isEqualTo("orders:read");
        assertThat(issuer.services().verifier().verify(ops).scope()).isEqualTo("admin orders:read");
        assertThat(OAuthHttp.json(alice)).containsEntry("scope", "orders:read");
        assertThat(issuer.services().verifier().verify(OAuthHttp.accessToken(alice)).scope()).isEqualTo("orders:read");
        assertThat(OAuthHttp.json(root)).containsEntry("scope", "admin orders:read");
    }

    @Test
    void scopeBeyondTheRegistrationIsInvalidScope() {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "scope", "orders:read admin"),
                "Authorization", basic("orders", ordersSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_scope");
    }

    @Test
    void unregisteredResourceIsInvalidTarget() {
        HttpResponse<String> unregistered = http.token(form("grant_type", "client_credentials", "resource", "https://other.test"),
                "Authorization", basic("orders", ordersSecret));
        HttpResponse<String> malformed = http.token(form("grant_type", "client_credentials", "resource", "not/absolute"),
                "Authorization", basic("orders", ordersSecret));

        for (HttpResponse<String> response : List.of(unregistered, malformed)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response)).containsEntry("error", "invalid_target");
        }
    }

    @Test
    void registeredResourceNarrowsTheAudience() throws Exception {
        String token = OAuthHttp.accessToken(http.token(form("grant_type", "client_credentials", "resource", "https://billing.test"),
                "Authorization", basic("orders", ordersSecret)));

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly("https://billing.test");
    }

    @Test
    void otherMethodsThanPostAreNotAllowed() {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> response = http.method(method, Endpoints.TOKEN);

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
            assertThat(json(response)).containsEntry("error", "invalid_request");
        }
    }

    @Test
    void privateKeyJwtWithEcKeyAuthenticatesOnceAndReplayIsRejected() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        issuer.register(TestClients.confidential("signer").authMethods(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .jwks(new JWKSet(key.toPublicJWK()).toString()).scope("orders:read").build());
        String body = privateKeyJwtClientCredentials("signer", issuer.uri(Endpoints.TOKEN), key);

        HttpResponse<String> first = http.token(body);
        HttpResponse<String> replay = http.token(body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(SignedJWT.parse(OAuthHttp.accessToken(first)).getJWTClaimsSet().getSubject()).isEqualTo("signer");
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(json(replay)).containsEntry("error", "invalid_client");
    }

    @Test
    void privateKeyJwtSignedWithAnUnregisteredKeyIsInvalidClient() throws Exception {
        ECKey registered = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        issuer.register(TestClients.confidential("signer").authMethods(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .jwks(new JWKSet(registered.toPublicJWK()).toString()).build());

        HttpResponse<String> response = http.token(privateKeyJwtClientCredentials("signer", issuer.uri(Endpoints.TOKEN), other));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void privateKeyJwtWithoutJtiOrWithoutExpIsInvalidClient() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        issuer.register(TestClients.confidential("signer").authMethods(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .jwks(new JWKSet(key.toPublicJWK()).toString()).scope("orders:read").build());
        Instant now = issuer.clock().instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("signer").subject("signer")
                .audience(issuer.uri(Endpoints.TOKEN).toString()).issueTime(Date.from(now));

        HttpResponse<String> withoutJti = http.token(assertionForm(key, claims.expirationTime(Date.from(now.plusSeconds(60)))));
        HttpResponse<String> withoutExp = http.token(assertionForm(key, claims.expirationTime(null).jwtID("jti-1")));

        for (HttpResponse<String> response : List.of(withoutJti, withoutExp)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response)).containsEntry("error", "invalid_client");
        }
    }

    private static String assertionForm(ECKey key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return form("grant_type", "client_credentials",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", jwt.serialize());
    }

    @Test
    void passwordGrantIssuesAccessRefreshAndIdToken() throws Exception {
        HttpResponse<String> response = http.password("app", appSecret, "alice", "correct horse battery", "openid orders:read");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsKeys("access_token", "refresh_token", "id_token").containsEntry("scope", "openid orders:read");
        SignedJWT id = SignedJWT.parse((String) body.get("id_token"));
        assertThat(id.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly("app");
        assertThat(id.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo("alice");
    }

    @Test
    void tokenResponseReadsBackWithNimbus() throws Exception {
        HttpResponse<String> response = http.password("app", appSecret, "alice", "correct horse battery", "openid orders:read");

        TokenResponse parsed = OIDCTokenResponseParser.parse(nimbus(response));

        assertThat(parsed.indicatesSuccess()).isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens();
        assertThat(tokens.getBearerAccessToken().getLifetime()).isEqualTo(300);
        assertThat(tokens.getBearerAccessToken().getScope().toStringList()).containsExactly("openid", "orders:read");
        assertThat(tokens.getRefreshToken()).isNotNull();
        assertThat(tokens.getIDToken().getJWTClaimsSet().getAudience()).containsExactly("app");
    }

    @Test
    void errorResponseReadsBackWithNimbus() throws Exception {
        HttpResponse<String> response = http.token(form("grant_type", "client_credentials", "scope", "admin"),
                "Authorization", basic("orders", ordersSecret));

        TokenResponse parsed = TokenResponse.parse(nimbus(response));

        assertThat(parsed.indicatesSuccess()).isFalse();
        assertThat(parsed.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_scope");
        assertThat(parsed.toErrorResponse().getErrorObject().getHTTPStatusCode()).isEqualTo(400);
    }

    @Test
    void passwordGrantWithoutOpenidScopeIssuesNoIdToken() {
        HttpResponse<String> response = http.password("app", appSecret, "alice", "correct horse battery", "orders:read");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsKeys("access_token", "refresh_token").doesNotContainKey("id_token");
    }

    @Test
    void passwordGrantWorksForPublicClientRegisteredWithIt() {
        HttpResponse<String> response = http.password("spa", null, "alice", "correct horse battery", "openid");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsKeys("access_token", "refresh_token", "id_token");
    }

    @Test
    void accessTokenOfUserFollowsRfc9068() throws Exception {
        Instant before = issuer.clock().instant();
        String token = OAuthHttp.accessToken(http.password("app", appSecret, "alice", "correct horse battery", "openid orders:read"));

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(issuer.services().keys().publicJwks().getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull();
        var claims = jwt.getJWTClaimsSet();
        String userId = issuer.services().stores().users().findByUsername("alice").orElseThrow().id();
        assertThat(claims.getIssuer()).isEqualTo(issuer.baseUri().toString());
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getAudience()).containsExactly("https://api.test");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(claims.getIssueTime().toInstant().plusSeconds(300));
        assertThat(claims.getIssueTime().toInstant()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getStringClaim("client_id")).isEqualTo("app");
        assertThat(claims.getStringClaim("scope")).isEqualTo("openid orders:read");
        assertThat(claims.getStringClaim("sid")).isNotBlank();
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(claims.getIssueTime().toInstant().getEpochSecond());
        assertThat(claims.getStringListClaim("roles")).containsExactly("reader", "writer");
    }

    @Test
    void wrongPasswordAndUnknownUserAnswerByteForByteAlike() {
        HttpResponse<String> wrongPassword = http.password("app", appSecret, "alice", "wrong password!", null);
        HttpResponse<String> unknownUser = http.password("app", appSecret, "mallory", "wrong password!", null);

        assertThat(wrongPassword.statusCode()).isEqualTo(400).isEqualTo(unknownUser.statusCode());
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
        assertThat(json(wrongPassword)).containsEntry("error", "invalid_grant");
        assertThat(withoutDate(wrongPassword.headers().map())).isEqualTo(withoutDate(unknownUser.headers().map()));
    }

    @Test
    void repeatedLoginFailuresAreThrottledWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.password("app", appSecret, "alice", "wrong password!", null).statusCode()).isEqualTo(400);
        }

        HttpResponse<String> throttled = http.password("app", appSecret, "alice", "correct horse battery", null);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(json(throttled)).containsEntry("error", "invalid_request");
    }

    @Test
    void passwordGrantWithoutPasswordIsInvalidRequest() {
        HttpResponse<String> response = http.token(form("grant_type", "password", "username", "alice"),
                "Authorization", basic("app", appSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void unexpectedFailureAnswersServerErrorWithoutDetail() {
        // A registration no validation would let through: the signer for its algorithm cannot be created.
        OAuthClient valid = TestClients.confidential("broken").algorithm(JWSAlgorithm.HS256).build();
        issuer.services().stores().clients().create(valid.withSecretHash(
                dev.gatehouse.core.client.ClientSecrets.hashGenerated("broken-secret")));

        HttpResponse<String> response = http.token(form("grant_type", "client_credentials"),
                "Authorization", basic("broken", "broken-secret"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"error\":\"server_error\"}");
    }

    private static HTTPResponse nimbus(HttpResponse<String> response) throws Exception {
        HTTPResponse nimbus = new HTTPResponse(response.statusCode());
        nimbus.setContentType(response.headers().firstValue("Content-Type").orElseThrow());
        nimbus.setBody(response.body());
        return nimbus;
    }

    private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new HashMap<>(headers);
        copy.remove("date");
        copy.remove("Date");
        return copy;
    }
}

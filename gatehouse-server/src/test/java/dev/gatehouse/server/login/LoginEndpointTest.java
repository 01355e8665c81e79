package dev.gatehouse.server.login;

import static dev.gatehouse.server.login.FirstPartyLogin.credentials;
import static dev.gatehouse.server.login.FirstPartyLogin.login;
import static dev.gatehouse.server.login.FirstPartyLogin.loginTokens;
import static dev.gatehouse.server.login.FirstPartyLogin.post;
import static dev.gatehouse.server.login.FirstPartyLogin.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class LoginEndpointTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    private TestIssuer issuer;
    private User alice;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir);
        alice = issuer.createUser("alice", PASSWORD, Set.of("staff"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void loginWithoutOpenidScopeReturnsAccessAndRefreshTokenButNoIdToken() throws Exception {
        HttpResponse<String> response = login(issuer, credentials("alice", PASSWORD, "profile"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        Tokens tokens = FirstPartyLogin.tokens(response);
        assertThat(tokens).isNotInstanceOf(OIDCTokens.class);
        assertThat(tokens.getBearerAccessToken().getScope().toStringList()).containsExactly("profile");
        assertThat(tokens.getBearerAccessToken().getLifetime()).isEqualTo(TokenConfig.defaults(issuer.baseUri()).accessTokenTtl().toSeconds());
        assertThat(tokens.getRefreshToken()).isNotNull();

        VerifiedAccessToken access = issuer.services().verifier().verify(tokens.getAccessToken().getValue());
        assertThat(access.subject()).isEqualTo(alice.id());
        assertThat(access.clientId()).isEqualTo(FirstPartyClient.CLIENT_ID);
        assertThat(access.audience()).containsExactly(issuer.baseUri().toString());
        assertThat(access.roles()).containsExactly("staff");
        assertThat(access.sid()).isNotBlank();
        assertThat(issuer.services().stores().sessions().find(access.sid()))
                .hasValueSatisfying(s -> assertThat(s.subject()).isEqualTo(alice.id()));
    }

    @Test
    void loginWithOpenidScopeReturnsIdTokenForTheSameSession() throws Exception {
        Tokens tokens = loginTokens(issuer, "alice", PASSWORD, "openid profile");

        assertThat(tokens).isInstanceOf(OIDCTokens.class);
        JWTClaimsSet id = verifyIdToken(((OIDCTokens) tokens).getIDTokenString());
        VerifiedAccessToken access = issuer.services().verifier().verify(tokens.getAccessToken().getValue());
        assertThat(id.getIssuer()).isEqualTo(issuer.baseUri().toString());
        assertThat(id.getSubject()).isEqualTo(alice.id());
        assertThat(id.getAudience()).containsExactly(FirstPartyClient.CLIENT_ID);
        assertThat(id.getStringClaim("azp")).isEqualTo(FirstPartyClient.CLIENT_ID);
        assertThat(id.getStringClaim("sid")).isEqualTo(access.sid());
        assertThat(id.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(id.getStringListClaim("roles")).containsExactly("staff");
        assertThat(id.getLongClaim("auth_time")).isEqualTo(issuer.clock().instant().getEpochSecond());
        assertThat(id.getExpirationTime()).isAfter(id.getIssueTime());
    }

    @Test
    void loginWithoutScopeGrantsTheClientsRegisteredScopesTheUserIsEntitledTo() throws Exception {
        HttpResponse<String> response = login(issuer, credentials("alice", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> json = JSONObjectUtils.parse(response.body());
        assertThat(Set.of(((String) json.get("scope")).split(" "))).isEqualTo(Set.of("openid", "profile"));
        assertThat(json).containsKeys("access_token", "token_type", "expires_in", "refresh_token", "id_token");
        assertThat(json.get("token_type")).isEqualTo("Bearer");
    }

    @Test
    void loginOfAUserWithoutTheAdminRoleIsNotGrantedTheAdminScope() throws Exception {
        Tokens unasked = FirstPartyLogin.tokens(login(issuer, credentials("alice", PASSWORD)));
        Tokens asked = loginTokens(issuer, "alice", PASSWORD, "openid admin");

        assertThat(unasked.getBearerAccessToken().getScope().toStringList()).doesNotContain("admin");
        assertThat(issuer.services().verifier().verify(unasked.getAccessToken().getValue()).scope()).doesNotContain("admin");
        assertThat(asked.getBearerAccessToken().getScope().toStringList()).containsExactly("openid");
        assertThat(issuer.services().verifier().verify(asked.getAccessToken().getValue()).scope()).isEqualTo("openid");
    }

    @Test
    void loginOfAnAdminIsGrantedTheAdminScope() throws Exception {
        issuer.createUser("root", PASSWORD, Set.of(User.ADMIN_ROLE));

        Tokens tokens = FirstPartyLogin.tokens(login(issuer, credentials("root", PASSWORD)));

        assertThat(tokens.getBearerAccessToken().getScope().toStringList())
                .containsExactlyInAnyOrderElementsOf(FirstPartyClient.SCOPES);
        assertThat(issuer.services().verifier().verify(tokens.getAccessToken().getValue()).scope().split(" "))
                .contains("admin");
    }

    @Test
    void refreshKeepsTheAdminScopeForAnAdminAndWithoutItForOthers() throws Exception {
        issuer.createUser("root", PASSWORD, Set.of(User.ADMIN_ROLE));
        Tokens admin = FirstPartyLogin.tokens(login(issuer, credentials("root", PASSWORD)));
        Tokens other = FirstPartyLogin.tokens(login(issuer, credentials("alice", PASSWORD)));

        Tokens adminRefreshed = refresh(admin);
        Tokens otherRefreshed = refresh(other);

        assertThat(adminRefreshed.getBearerAccessToken().getScope().toStringList()).contains("admin");
        assertThat(otherRefreshed.getBearerAccessToken().getScope().toStringList()).doesNotContain("admin");
        assertThat(issuer.services().verifier().verify(otherRefreshed.getAccessToken().getValue()).scope())
                .doesNotContain("admin");
    }

    private Tokens refresh(Tokens tokens) {
        return FirstPartyLogin.tokens(post(issuer, Endpoints.TOKEN, "application/x-www-form-urlencoded",
                "grant_type=refresh_token&client_id=" + FirstPartyClient.CLIENT_ID + "&refresh_token="
                        + tokens.getRefreshToken().getValue()));
    }

    @Test
    void loginWithScopeTheClientMayNotHaveIs400() {
        HttpResponse<String> response = login(issuer, credentials("alice", PASSWORD, "openid orders:write"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response)).containsEntry("status", 400L).containsKey("detail");
    }

    @Test
    void unknownUserDisabledUserAndWrongPasswordGetTheSameResponse() {
        User bob = issuer.createUser("bob", PASSWORD, Set.of());
        issuer.services().users().setDisabled(bob.id(), true, "test");

        HttpResponse<String> unknown = login(issuer, credentials("nobody", PASSWORD));
        HttpResponse<String> disabled = login(issuer, credentials("bob", PASSWORD));
        HttpResponse<String> wrong = login(issuer, credentials("alice", "wrong password"));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(problem(wrong)).containsEntry("status", 401L).containsEntry("title", "Unauthorized")
                .containsEntry("type", "about:blank").containsEntry("detail", "Invalid username or password");
        for (HttpResponse<String> other : List.of(unknown, disabled)) {
            assertThat(other.statusCode()).isEqualTo(wrong.statusCode());
            assertThat(other.body()).isEqualTo(wrong.body());
            assertThat(other.headers().firstValue("Content-Type")).isEqualTo(wrong.headers().firstValue("Content-Type"));
        }
    }

    @Test
    void repeatedFailuresAreThrottledWith429AndRetryAfterEvenForTheRightPassword() {
        int free = issuer.config().throttle().freeAttemptsPerAccountAndAddress();
        for (int i = 0; i < free; i++) {
            assertThat(login(issuer, credentials("alice", "wrong password")).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = login(issuer, credentials("alice", "wrong password"));
        HttpResponse<String> rightPassword = login(issuer, credentials("alice", PASSWORD));

        for (HttpResponse<String> response : List.of(throttled, rightPassword)) {
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(problem(response)).containsEntry("status", 429L);
            assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        }
        long retryAfter = Long.parseLong(rightPassword.headers().firstValue("Retry-After").orElseThrow());

        issuer.clock().advance(Duration.ofSeconds(retryAfter));
        assertThat(login(issuer, credentials("alice", PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void loginRehashesThePasswordWhenArgon2ParametersChanged() {
        String before = issuer.services().stores().users().findByUsername("alice").orElseThrow().passwordHash();
        assertThat(before).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
        PasswordConfig stronger = new PasswordConfig(9 * 1024, 2, 1);
        issuer = issuer.restart(stronger);

        assertThat(login(issuer, credentials("alice", PASSWORD)).statusCode()).isEqualTo(200);

        String after = issuer.services().stores().users().findByUsername("alice").orElseThrow().passwordHash();
        assertThat(after).startsWith("$argon2id$v=19$m=9216,t=2,p=1$");
        assertThat(issuer.services().passwordHasher().verify(PASSWORD, after)).isTrue();
        assertThat(login(issuer, credentials("alice", PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongClientSecretsAtLoginAreThrottledWith429EvenForTheRightSecret() {
        String secret = issuer.register(TestClients.confidential("portal").firstParty()
                .grant(GrantType.REFRESH_TOKEN).scope("openid", "profile").build());
        String body = "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"portal\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(login(issuer, body, "Authorization", basic("portal", "not-the-secret")).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = login(issuer, body, "Authorization", basic("portal", secret));

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(problem(throttled)).containsEntry("status", 429L);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    }

    @Test
    void confidentialFirstPartyClientMustAuthenticateWithBasic() {
        String secret = issuer.register(TestClients.confidential("portal").firstParty()
                .grant(GrantType.REFRESH_TOKEN).scope("openid", "profile").build());
        String body = "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"portal\"}";

        HttpResponse<String> none = login(issuer, body);
        HttpResponse<String> wrong = login(issuer, body, "Authorization", basic("portal", "not-the-secret"));
        HttpResponse<String> right = login(issuer, body, "Authorization", basic("portal", secret));
        HttpResponse<String> fromBasicAlone = login(issuer, credentials("alice", PASSWORD), "Authorization", basic("portal", secret));

        for (HttpResponse<String> refused : List.of(none, wrong)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(problem(refused)).containsEntry("detail", "Client authentication failed");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        }
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(fromBasicAlone.statusCode()).isEqualTo(200);
    }

    @Test
    void clientThatIsNotFirstPartyIsForbidden() {
        issuer.register(TestClients.publicClient("spa").scope("openid").build());

        HttpResponse<String> response = login(issuer,
                "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"spa\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(problem(response)).containsEntry("status", 403L);
    }

    @Test
    void unknownClientIsUnauthorized() {
        HttpResponse<String> response = login(issuer,
                "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"nobody\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(problem(response)).containsEntry("detail", "Client authentication failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{",
            "not json",
            "[]",
            "null",
            "\"alice\"",
            "{}",
            "{\"username\":\"alice\"}",
            "{\"password\":\"" + PASSWORD + "\"}",
            "{\"username\":\"\",\"password\":\"" + PASSWORD + "\"}",
            "{\"username\":42,\"password\":\"" + PASSWORD + "\"}",
            "{\"username\":\"alice\",\"password\":[\"" + PASSWORD + "\"]}",
            "{\"username\":{\"$ne\":null},\"password\":\"" + PASSWORD + "\"}",
            "{\"username\":\"alice\",\"password\":true}",
            "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"scope\":7}",
            "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"client_id\":\" \"}",
            "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"remember\":true}",
            "{\"username\":\"mallory\",\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}",
            "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"} {}",
    })
    void malformedOrMistypedBodyIs400Problem(String body) {
        HttpResponse<String> response = login(issuer, body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(problem(response)).containsEntry("status", 400L).containsEntry("title", "Bad Request").containsKey("detail");
    }

    @Test
    void oversizedUsernameIs400() {
        HttpResponse<String> response = login(issuer, credentials("a".repeat(300), PASSWORD));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response)).containsEntry("status", 400L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp", "multipart/form-data; boundary=x"})
    void bodyThatIsNotDeclaredJsonIs415(String contentType) {
        HttpResponse<String> response = post(issuer, Endpoints.LOGIN, contentType, credentials("alice", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(problem(response)).containsEntry("status", 415L);
        assertThat(response.headers().firstValue("Accept")).contains("application/json");
    }

    @Test
    void bodyWithoutContentTypeIs415() {
        HttpResponse<String> response = post(issuer, Endpoints.LOGIN, null, credentials("alice", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void jsonWithCharsetParameterIsAccepted() {
        HttpResponse<String> response = post(issuer, Endpoints.LOGIN, "Application/JSON; charset=utf-8", credentials("alice", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void bodyLargerThanTheLimitIs413() {
        String padding = "x".repeat((int) issuer.config().maxBodyBytes());
        HttpResponse<String> response = login(issuer, "{\"username\":\"alice\",\"password\":\"" + padding + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(problem(response)).containsEntry("status", 413L);
    }

    @Test
    void refusedLoginsLogNoUsernameAndNoControlCharactersFromTheRequest() {
        Logger logger = (Logger) LoggerFactory.getLogger(LoginEndpoint.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            String forged = "\\n2030-01-01 INFO forged-entry";
            assertThat(login(issuer, credentials("mallory" + forged, PASSWORD)).statusCode()).isEqualTo(401);
            assertThat(login(issuer, "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"evil"
                    + forged + "\"}").statusCode()).isEqualTo(401);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).hasSize(2).extracting(ILoggingEvent::getFormattedMessage).allSatisfy(line -> assertThat(line)
                .doesNotContainPattern("\\p{Cntrl}").doesNotContain("mallory"));
        assertThat(logged.list.get(1).getFormattedMessage()).contains("evil?2030-01-01 INFO forged-entry");
    }

    @Test
    void throttledAttemptsWriteNoAuditEvents() {
        int free = issuer.config().throttle().freeAttemptsPerAccountAndAddress();
        for (int i = 0; i < free + 5; i++) {
            login(issuer, credentials("alice", "wrong password"));
        }

        assertThat(issuer.services().stores().audit().query(new AuditQuery(null, null, null, "login.failed", 100))).hasSize(free);
        assertThat(issuer.services().stores().audit().query(new AuditQuery(null, null, null, "login.throttled", 100))).isEmpty();
    }

    private JWTClaimsSet verifyIdToken(String idToken) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(new HashSet<>(TokenConfig.SUPPORTED_ALGORITHMS),
                new ImmutableJWKSet<>(issuer.services().keys().publicJwks())));
        return processor.process(idToken, null);
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}

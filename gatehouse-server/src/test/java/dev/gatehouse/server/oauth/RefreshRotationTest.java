package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshRotationTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    MutableClock clock = MutableClock.startingNow();
    TestIssuer issuer;
    OAuthHttp http;
    String appSecret;
    String introspectorSecret;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir, clock, UnaryOperator.identity());
        http = new OAuthHttp(issuer.baseUri());
        appSecret = issuer.register(TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid", "orders:read", "orders:write")
                .refreshIdleTtl(Duration.ofMinutes(20)).refreshAbsoluteTtl(Duration.ofMinutes(60)).build());
        issuer.register(TestClients.publicClient("spa").grant(GrantType.PASSWORD).scope("openid").build());
        introspectorSecret = issuer.register(TestClients.confidential("gateway").introspection().build());
        issuer.createUser("alice", PASSWORD, Set.of("reader"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void everyRefreshIssuesANewRefreshTokenAndRetiresThePresentedOne() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid orders:read"));
        String first = (String) login.get("refresh_token");

        Map<String, Object> refreshed = json(http.refresh("app", appSecret, first));
        String second = (String) refreshed.get("refresh_token");
        Map<String, Object> again = json(http.refresh("app", appSecret, second));

        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat((String) again.get("refresh_token")).isNotBlank().isNotEqualTo(second).isNotEqualTo(first);
        assertThat(refreshed).containsKeys("access_token", "id_token").containsEntry("scope", "openid orders:read");
        assertThat(introspect((String) login.get("refresh_token"))).containsEntry("active", false);
        assertThat(introspect(second)).containsEntry("active", false);
        assertThat(introspect((String) again.get("refresh_token"))).containsEntry("active", true);
    }

    @Test
    void refreshKeepsTheSessionAndMayNarrowTheScope() throws Exception {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read orders:write"));

        HttpResponse<String> narrowed = http.token(OAuthHttp.form("grant_type", "refresh_token",
                "refresh_token", (String) login.get("refresh_token"), "scope", "orders:read"),
                "Authorization", OAuthHttp.basic("app", appSecret));

        assertThat(narrowed.statusCode()).isEqualTo(200);
        assertThat(json(narrowed)).containsEntry("scope", "orders:read");
        String before = sid((String) login.get("access_token"));
        assertThat(sid(OAuthHttp.accessToken(narrowed))).isEqualTo(before);
    }

    @Test
    void aScopeTheClientsRegistrationNoLongerHasIsNotGrantedOnRefresh() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read orders:write"));
        OAuthClient app = issuer.services().clients().find("app").orElseThrow();
        issuer.services().clients().upsert(TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid", "orders:read").secretHash(app.secretHash())
                .refreshIdleTtl(Duration.ofMinutes(20)).refreshAbsoluteTtl(Duration.ofMinutes(60)).build(), "test");

        Map<String, Object> refreshed = json(http.refresh("app", appSecret, (String) login.get("refresh_token")));
        Map<String, Object> again = json(http.refresh("app", appSecret, (String) refreshed.get("refresh_token")));

        assertThat(refreshed).containsEntry("scope", "orders:read");
        assertThat(again).containsEntry("scope", "orders:read");
    }

    @Test
    void refreshWithoutResourceKeepsTheAudienceTheLoginWasGranted() throws Exception {
        String secret = registerWideClient("https://api.test", "https://reports.test");
        HttpResponse<String> login = passwordFor("wide", secret, "https://api.test");

        HttpResponse<String> refreshed = http.refresh("wide", secret, (String) json(login).get("refresh_token"));
        HttpResponse<String> again = http.refresh("wide", secret, (String) json(refreshed).get("refresh_token"));

        assertThat(audience(OAuthHttp.accessToken(login))).containsExactly("https://api.test");
        assertThat(audience(OAuthHttp.accessToken(refreshed))).containsExactly("https://api.test");
        assertThat(audience(OAuthHttp.accessToken(again))).containsExactly("https://api.test");
    }

    @Test
    void refreshAskingForAResourceOutsideTheGrantedAudienceIsInvalidTarget() throws Exception {
        String secret = registerWideClient("https://api.test", "https://reports.test");
        String token = (String) json(passwordFor("wide", secret, "https://api.test")).get("refresh_token");

        HttpResponse<String> widened = http.token(OAuthHttp.form("grant_type", "refresh_token",
                "refresh_token", token, "resource", "https://reports.test"), "Authorization", OAuthHttp.basic("wide", secret));
        HttpResponse<String> retry = http.refresh("wide", secret, token);

        assertThat(widened.statusCode()).isEqualTo(400);
        assertThat(json(widened)).containsEntry("error", "invalid_target");
        assertThat(audience(OAuthHttp.accessToken(retry))).containsExactly("https://api.test");
    }

    @Test
    void refreshMayNarrowTheGrantedAudienceWithAResource() throws Exception {
        String secret = registerWideClient("https://api.test", "https://reports.test");
        String token = (String) json(passwordFor("wide", secret, null)).get("refresh_token");

        HttpResponse<String> narrowed = http.token(OAuthHttp.form("grant_type", "refresh_token",
                "refresh_token", token, "resource", "https://reports.test"), "Authorization", OAuthHttp.basic("wide", secret));
        HttpResponse<String> next = http.refresh("wide", secret, (String) json(narrowed).get("refresh_token"));

        assertThat(audience(OAuthHttp.accessToken(narrowed))).containsExactly("https://reports.test");
        assertThat(audience(OAuthHttp.accessToken(next))).containsExactlyInAnyOrder("https://api.test", "https://reports.test");
    }

    @Test
    void anAudienceTheClientsRegistrationNoLongerHasIsNotGrantedOnRefresh() throws Exception {
        String secret = registerWideClient("https://api.test", "https://reports.test");
        String token = (String) json(passwordFor("wide", secret, null)).get("refresh_token");
        reregisterWideClient("https://api.test", "https://billing.test");

        HttpResponse<String> refreshed = http.refresh("wide", secret, token);
        HttpResponse<String> again = http.refresh("wide", secret, (String) json(refreshed).get("refresh_token"));

        assertThat(audience(OAuthHttp.accessToken(refreshed))).containsExactly("https://api.test");
        assertThat(audience(OAuthHttp.accessToken(again))).containsExactly("https://api.test");
    }

    @Test
    void refreshWhenTheRegistrationNoLongerHasAnyGrantedAudienceIsInvalidTarget() {
        String secret = registerWideClient("https://api.test", "https://reports.test");
        String token = (String) json(passwordFor("wide", secret, "https://reports.test")).get("refresh_token");
        reregisterWideClient("https://api.test");

        HttpResponse<String> refreshed = http.refresh("wide", secret, token);

        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(json(refreshed)).containsEntry("error", "invalid_target");
    }

    @Test
    void refreshAskingForMoreScopeIsInvalidScope() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read"));

        HttpResponse<String> widened = http.token(OAuthHttp.form("grant_type", "refresh_token",
                "refresh_token", (String) login.get("refresh_token"), "scope", "orders:read orders:write"),
                "Authorization", OAuthHttp.basic("app", appSecret));

        assertThat(widened.statusCode()).isEqualTo(400);
        assertThat(json(widened)).containsEntry("error", "invalid_scope");
    }

    @Test
    void refreshRefusedForItsInputLeavesThePresentedTokenUsable() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "orders:read"));
        String token = (String) login.get("refresh_token");

        HttpResponse<String> wrongResource = http.token(OAuthHttp.form("grant_type", "refresh_token",
                "refresh_token", token, "resource", "https://not-registered.test"),
                "Authorization", OAuthHttp.basic("app", appSecret));
        HttpResponse<String> wrongScope = http.token(OAuthHttp.form("grant_type", "refresh_token",
                "refresh_token", token, "scope", "orders:write"), "Authorization", OAuthHttp.basic("app", appSecret));
        HttpResponse<String> retry = http.refresh("app", appSecret, token);

        assertThat(json(wrongResource)).containsEntry("error", "invalid_target");
        assertThat(json(wrongScope)).containsEntry("error", "invalid_scope");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(introspect((String) json(retry).get("access_token"))).containsEntry("active", true);
    }

    @Test
    void refreshWhenTokenAlreadyRotatedThenFamilyAndSessionRevoked() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid"));
        String first = (String) login.get("refresh_token");
        Map<String, Object> rotated = json(http.refresh("app", appSecret, first));
        String next = (String) rotated.get("refresh_token");
        String accessOfSession = (String) rotated.get("access_token");
        assertThat(introspect(accessOfSession)).containsEntry("active", true);

        HttpResponse<String> reuse = http.refresh("app", appSecret, first);

        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(json(reuse)).containsEntry("error", "invalid_grant");
        HttpResponse<String> afterReuse = http.refresh("app", appSecret, next);
        assertThat(afterReuse.statusCode()).isEqualTo(400);
        assertThat(json(afterReuse)).containsEntry("error", "invalid_grant");
        assertThat(introspect(accessOfSession)).isEqualTo(Map.of("active", false));
        assertThat(introspect((String) login.get("access_token"))).isEqualTo(Map.of("active", false));
        assertThat(http.userinfo(accessOfSession).statusCode()).isEqualTo(401);
        List<AuditEvent> events = issuer.services().stores().audit()
                .query(new AuditQuery(null, null, null, "revocation.refresh_reuse_detected", 10));
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().clientId()).isEqualTo("app");
    }

    @Test
    void twoConcurrentRefreshesOfOneTokenSucceedExactlyOnce() throws Exception {
        String refresh = (String) json(http.password("app", appSecret, "alice", PASSWORD, null)).get("refresh_token");
        CountDownLatch go = new CountDownLatch(1);

        List<Integer> statuses;
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Future<HttpResponse<String>>> calls = List.of(
                    threads.submit(() -> awaitThenRefresh(go, refresh)),
                    threads.submit(() -> awaitThenRefresh(go, refresh)));
            go.countDown();
            statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> call : calls) {
                statuses.add(call.get().statusCode());
            }
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 400);
    }

    @Test
    void refreshTokenOfAnotherClientIsInvalidGrant() {
        String otherSecret = issuer.register(TestClients.confidential("other").grant(GrantType.REFRESH_TOKEN).scope("openid").build());
        String refresh = (String) json(http.password("app", appSecret, "alice", PASSWORD, null)).get("refresh_token");

        HttpResponse<String> stolen = http.refresh("other", otherSecret, refresh);

        assertThat(stolen.statusCode()).isEqualTo(400);
        assertThat(json(stolen)).containsEntry("error", "invalid_grant");
        assertThat(http.refresh("app", appSecret, refresh).statusCode()).isEqualTo(200);
    }

    @Test
    void publicClientRefreshesWithItsClientIdAlone() {
        String refresh = (String) json(http.password("spa", null, "alice", PASSWORD, "openid")).get("refresh_token");

        HttpResponse<String> refreshed = http.refresh("spa", null, refresh);

        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(json(refreshed)).containsKeys("access_token", "refresh_token");
    }

    @Test
    void unknownRefreshTokenIsInvalidGrant() {
        HttpResponse<String> response = http.refresh("app", appSecret, "no-such-token");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_grant");
    }

    @Test
    void refreshTokenUnusedLongerThanIdleLifetimeExpires() {
        String refresh = (String) json(http.password("app", appSecret, "alice", PASSWORD, null)).get("refresh_token");

        clock.advance(Duration.ofMinutes(21));

        HttpResponse<String> response = http.refresh("app", appSecret, refresh);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_grant");
    }

    @Test
    void refreshUsedWithinIdleLifetimeKeepsWorkingUntilTheAbsoluteEnd() {
        String refresh = (String) json(http.password("app", appSecret, "alice", PASSWORD, null)).get("refresh_token");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(19));
            HttpResponse<String> response = http.refresh("app", appSecret, refresh);
            assertThat(response.statusCode()).as("refresh at %d minutes", 19 * (i + 1)).isEqualTo(200);
            refresh = (String) json(response).get("refresh_token");
        }

        clock.advance(Duration.ofMinutes(4));

        HttpResponse<String> pastAbsolute = http.refresh("app", appSecret, refresh);
        assertThat(pastAbsolute.statusCode()).isEqualTo(400);
        assertThat(json(pastAbsolute)).containsEntry("error", "invalid_grant");
    }

    @Test
    void restartKeepsClientsUsersKeysAndSessions() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid"));
        String access = (String) login.get("access_token");

        issuer = issuer.restart();

        assertThat(introspect(access)).containsEntry("active", true);
        HttpResponse<String> refreshed = http.refresh("app", appSecret, (String) login.get("refresh_token"));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(http.userinfo(OAuthHttp.accessToken(refreshed)).statusCode()).isEqualTo(200);
        assertThat(http.password("app", appSecret, "alice", PASSWORD, null).statusCode()).isEqualTo(200);
    }

    @Test
    void revocationBeforeRestartStillHoldsAfterIt() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid"));
        String access = (String) login.get("access_token");
        assertThat(http.revoke("app", appSecret, access).statusCode()).isEqualTo(200);

        issuer = issuer.restart();

        assertThat(introspect(access)).isEqualTo(Map.of("active", false));
    }

    /** A client "wide" with the password and refresh_token grants and exactly the given audiences. */
    private String registerWideClient(String... audiences) {
        return issuer.register(wideClient(audiences).build());
    }

    /** Replaces the registration of "wide", keeping its secret. */
    private void reregisterWideClient(String... audiences) {
        OAuthClient wide = issuer.services().clients().find("wide").orElseThrow();
        issuer.services().clients().upsert(wideClient(audiences).secretHash(wide.secretHash()).build(), "test");
    }

    private static TestClients wideClient(String... audiences) {
        return TestClients.confidential("wide").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("orders:read").noAudience().audience(audiences)
                .refreshIdleTtl(Duration.ofMinutes(20)).refreshAbsoluteTtl(Duration.ofMinutes(60));
    }

    /** A password grant for alice; {@code resource} (RFC 8707) is left out when null. */
    private HttpResponse<String> passwordFor(String clientId, String secret, String resource) {
        return http.token(OAuthHttp.form("grant_type", "password", "username", "alice", "password", PASSWORD,
                "resource", resource), "Authorization", OAuthHttp.basic(clientId, secret));
    }

    private static List<String> audience(String accessToken) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getAudience();
    }

    private HttpResponse<String> awaitThenRefresh(CountDownLatch go, String refresh) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return http.refresh("app", appSecret, refresh);
    }

    private Map<String, Object> introspect(String token) {
        HttpResponse<String> response = http.introspect("gateway", introspectorSecret, token);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private static String sid(String accessToken) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
    }
}

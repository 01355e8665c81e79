package dev.gatehouse.server.logout;

import static dev.gatehouse.server.logout.LogoutTokenAssert.assertLogoutToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.core.logout.BackchannelLogouts;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackchannelLogoutTest {
    /** Short timeouts and a quick poll; retries wait on the issuer's clock, which the tests move. */
    static final BackchannelLogoutConfig SETTINGS = new BackchannelLogoutConfig(Duration.ofSeconds(1),
            Duration.ofMillis(500), 3, Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMillis(50), 50);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    TestIssuer issuer;
    LogoutReceiver receiver;
    String webSecret;
    User alice;

    @BeforeEach
    void start() {
        receiver = LogoutReceiver.start();
        issuer = TestIssuer.start(dir, config -> config.withBackchannelLogout(SETTINGS));
        webSecret = issuer.register(TestClients.confidential("web").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid").refreshGracePeriod(Duration.ZERO).backchannelLogoutUri(receiver.uri().toString()).build());
        alice = issuer.createUser("alice", "correct horse battery", Set.of());
    }

    @AfterEach
    void stop() {
        receiver.close();
        issuer.close();
    }

    @Test
    void anAdminRevokingASessionSendsEachParticipantAVerifiableLogoutToken() throws Exception {
        TokenResult tokens = login("web");

        HttpResponse<String> revoked = send(HttpRequest.newBuilder(issuer.uri(Endpoints.ADMIN + "/sessions/" + sid(tokens)))
                .header("Authorization", "Bearer " + adminToken()).DELETE());

        assertThat(revoked.statusCode()).isEqualTo(204);
        await().atMost(10, TimeUnit.SECONDS).until(() -> receiver.tokens().size() == 1);
        assertLogoutToken(issuer.baseUri(), receiver.tokens().getFirst(), "web", alice.id(), sid(tokens));
        assertThat(receiver.contentTypes()).containsExactly("application/x-www-form-urlencoded");
    }

    @Test
    void refreshTokenReuseEndsTheSessionAndTellsTheClient() throws Exception {
        TokenResult tokens = login("web");
        assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);

        assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(400);

        await().atMost(10, TimeUnit.SECONDS).until(() -> receiver.tokens().size() == 1);
        assertLogoutToken(issuer.baseUri(), receiver.tokens().getFirst(), "web", alice.id(), sid(tokens));
    }

    @Test
    void aFirstPartyLogoutTellsEveryClientThatTookPartInTheSession() throws Exception {
        TokenResult tokens = login(FirstPartyClient.CLIENT_ID);
        issuer.services().stores().backchannelLogouts().recordParticipant(sid(tokens), "web");

        HttpResponse<String> logout = send(HttpRequest.newBuilder(issuer.uri(Endpoints.LOGOUT))
                .header("Authorization", "Bearer " + tokens.accessToken().value()).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(logout.statusCode()).isEqualTo(204);
        await().atMost(10, TimeUnit.SECONDS).until(() -> receiver.tokens().size() == 1);
        assertLogoutToken(issuer.baseUri(), receiver.tokens().getFirst(), "web", alice.id(), sid(tokens));
    }

    @Test
    void aReceiverThatFailsGetsTheTokenAgainAfterTheRetryDelay() throws Exception {
        receiver.answer(500);
        TokenResult tokens = login("web");

        issuer.services().revocations().revokeSession(sid(tokens), alice.id(), "admin", "admin_session_revoked");
        await().atMost(10, TimeUnit.SECONDS).until(() -> counter(BackchannelLogouts.FAILED) == 1);
        issuer.clock().advance(SETTINGS.firstRetryDelay());

        await().atMost(10, TimeUnit.SECONDS).until(() -> counter(BackchannelLogouts.DELIVERED) == 1);
        assertThat(receiver.tokens()).hasSize(2);
        SignedJWT first = SignedJWT.parse(receiver.tokens().get(0));
        SignedJWT second = SignedJWT.parse(receiver.tokens().get(1));
        assertThat(second.getJWTClaimsSet().getJWTID()).isNotEqualTo(first.getJWTClaimsSet().getJWTID());
        assertLogoutToken(issuer.baseUri(), receiver.tokens().get(1), "web", alice.id(), sid(tokens));
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailedAttempt() {
        receiver.answer(302);
        TokenResult tokens = login("web");

        issuer.services().revocations().revokeSession(sid(tokens), alice.id(), "admin", "admin_session_revoked");

        await().atMost(10, TimeUnit.SECONDS).until(() -> counter(BackchannelLogouts.FAILED) == 1);
        assertThat(receiver.tokens()).hasSize(1);
        assertThat(counter(BackchannelLogouts.DELIVERED)).isZero();
    }

    @Test
    void aReceiverThatNeverAnswersIsGivenUpAfterTheLastAttemptWithAnAuditEvent() {
        receiver.hang();
        TokenResult tokens = login("web");

        issuer.services().revocations().revokeSession(sid(tokens), alice.id(), "admin", "admin_session_revoked");
        for (int attempt = 1; attempt < SETTINGS.maxAttempts(); attempt++) {
            int failed = attempt;
            await().atMost(10, TimeUnit.SECONDS).until(() -> counter(BackchannelLogouts.FAILED) == failed);
            issuer.clock().advance(Duration.ofHours(1));
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> counter(BackchannelLogouts.GIVEN_UP) == 1);
        assertThat(receiver.tokens()).hasSize(SETTINGS.maxAttempts());
        List<AuditEvent> events = issuer.services().stores().audit()
                .query(new AuditQuery(null, null, null, "backchannel_logout.given_up", 10));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.clientId()).isEqualTo("web");
            assertThat(e.subject()).isEqualTo(alice.id());
            assertThat(e.details()).containsEntry("sid", sid(tokens)).containsEntry("error", "timed out");
        });
        issuer.clock().advance(Duration.ofDays(1));
        assertThat(issuer.services().backchannelLogouts().deliverDue()).isZero();
    }

    @Test
    void aDeliveryOwedWhenTheIssuerStopsIsMadeAfterItRestarts() throws Exception {
        receiver.answer(503);
        TokenResult tokens = login("web");
        issuer.services().revocations().revokeSession(sid(tokens), alice.id(), "admin", "admin_session_revoked");
        await().atMost(10, TimeUnit.SECONDS).until(() -> counter(BackchannelLogouts.FAILED) == 1);

        issuer = issuer.restart();
        issuer.clock().advance(SETTINGS.firstRetryDelay());

        await().atMost(10, TimeUnit.SECONDS).until(() -> counter(BackchannelLogouts.DELIVERED) == 1);
        assertThat(receiver.tokens()).hasSize(2);
        assertLogoutToken(issuer.baseUri(), receiver.tokens().get(1), "web", alice.id(), sid(tokens));
    }

    @Test
    void twoIssuerNodesDeliverEachLogoutOnce() throws Exception {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sids.add(sid(login("web")));
        }
        try (TestIssuer second = issuer.secondNode()) {
            issuer.services().revocations().revokeSubject(alice.id(), "admin", "password_changed");
            Thread racer = Thread.ofVirtual().start(() -> second.services().backchannelLogouts().deliverDue());
            issuer.services().backchannelLogouts().deliverDue();
            racer.join();

            await().atMost(10, TimeUnit.SECONDS).until(() ->
                    counter(issuer, BackchannelLogouts.DELIVERED) + counter(second, BackchannelLogouts.DELIVERED) == 8);
        }

        // every row is delivered now, so no node can post any of them again
        List<String> received = new ArrayList<>();
        for (String token : receiver.tokens()) {
            received.add(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("sid"));
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sids);
    }

    private double counter(String outcome) {
        return counter(issuer, outcome);
    }

    private static double counter(TestIssuer node, String outcome) {
        var counter = node.services().registry().find("gatehouse_backchannel_logouts").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private TokenResult login(String clientId) {
        OAuthClient client = issuer.services().clients().find(clientId).orElseThrow();
        return issuer.services().sessionTokens().login(alice, client, Scope.parse("openid"), List.of(), "192.0.2.10",
                "test", "test");
    }

    private String adminToken() {
        User admin = issuer.createUser("admin", "admin-password", Set.of("admin"));
        OAuthClient firstParty = issuer.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();
        return issuer.services().sessionTokens().login(admin, firstParty, null, List.of(), "192.0.2.10", "test", "login")
                .accessToken().value();
    }

    private HttpResponse<String> refresh(String refreshToken) {
        String basic = Base64.getEncoder().encodeToString(("web:" + webSecret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(issuer.uri(Endpoints.TOKEN))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8))));
    }

    static String sid(TokenResult tokens) {
        try {
            return SignedJWT.parse(tokens.idToken().value()).getJWTClaimsSet().getStringClaim("sid");
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}

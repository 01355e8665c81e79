package dev.gatehouse.client;

import dev.gatehouse.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatehouseVerifierTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LocalIssuer issuer;
    private final ECKey key = TestTokens.ecKey("key-1");
    private final MutableClock clock = new MutableClock(Instant.now());
    private GatehouseVerifier gatehouse;

    GatehouseVerifierTest() throws IOException {
        issuer = new LocalIssuer();
        issuer.publish(key);
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        issuer.close();
    }

    private GatehouseVerifier.Builder builder() {
        return GatehouseVerifier.builder(issuer.uri())
                .feedCredentials(LocalIssuer.CLIENT_ID, LocalIssuer.CLIENT_SECRET)
                .clock(clock);
    }

    private String token() {
        return TestTokens.token(key, clock.instant(), c -> c.issuer(issuer.issuer()));
    }

    @Test
    void startsWithKeysAndFeedAndVerifiesTokens() throws Exception {
        gatehouse = builder().start();

        assertThat(gatehouse.verifier().verify(token()).subject()).isEqualTo("alice");
        GatehouseVerifier.Status status = gatehouse.status();
        assertThat(status.feedConnected()).isTrue();
        assertThat(status.stale()).isFalse();
        assertThat(status.failingClosed()).isFalse();
        assertThat(status.lastContact()).isNotNull();
        assertThat(status.cachedTokens()).isEqualTo(1);
        assertThat(status.state()).isEqualTo("ok");
    }

    @Test
    void theGateAllowsAndDecidesWithTheConfiguredRealm() {
        gatehouse = builder().realm("orders").start();

        assertThat(gatehouse.gate().check("Bearer " + token(), AccessPolicy.audience("orders"))).isInstanceOf(Decision.Allowed.class);
        assertThat(((Decision.Denied) gatehouse.gate().check(null, AccessPolicy.audience("orders"))).wwwAuthenticate())
                .isEqualTo("Bearer realm=\"orders\"");
    }

    @Test
    void aTokenRevokedThroughTheFeedIsRefusedEvenWhenCached() throws Exception {
        gatehouse = builder().start();
        String token = TestTokens.token(key, clock.instant(), c -> c.issuer(issuer.issuer()).jwtID("jti-7"));
        gatehouse.verifier().verify(token);

        issuer.append(new RevocationEvent(1, RevocationKind.JTI, "jti-7", clock.instant(), clock.instant().plusSeconds(900)));

        await().atMost(WAIT).until(() -> gatehouse.status().lastSequence() == 1);
        assertThatThrownBy(() -> gatehouse.verifier().verify(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
    }

    @Test
    void failsClosedWhenTheFeedFallsSilentForLongerThanAllowed() throws Exception {
        issuer.heartbeatEvery(60_000);
        gatehouse = builder().maxFeedStaleness(Duration.ofSeconds(30)).start();
        gatehouse.verifier().verify(token());

        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> gatehouse.verifier().verify(token())).isInstanceOf(VerifierUnavailableException.class);
        assertThat(gatehouse.gate().check("Bearer " + token(), AccessPolicy.audience("orders")))
                .isEqualTo(new Decision.Denied(503, "temporarily_unavailable", "Token verification is unavailable; try again shortly", null));
        assertThat(gatehouse.status().stale()).isTrue();
        assertThat(gatehouse.status().failingClosed()).isTrue();
        assertThat(gatehouse.status().state()).isEqualTo("failing closed");

        issuer.append(new RevocationEvent(1, RevocationKind.JTI, "other", clock.instant(), clock.instant().plusSeconds(900)));
        issuer.sendRaw(LocalIssuer.heartbeatText(1));

        await().atMost(WAIT).until(() -> !gatehouse.status().stale());
        assertThat(gatehouse.verifier().verify(token()).subject()).isEqualTo("alice");
    }

    @Test
    void withoutFailClosedAStaleFeedDegradesButStillVerifies() throws Exception {
        issuer.heartbeatEvery(60_000);
        gatehouse = builder().failClosed(false).start();

        clock.advance(Duration.ofMinutes(5));

        assertThat(gatehouse.verifier().verify(token()).subject()).isEqualTo("alice");
        assertThat(gatehouse.status().stale()).isTrue();
        assertThat(gatehouse.status().failingClosed()).isFalse();
        assertThat(gatehouse.status().state()).isEqualTo("degraded");
    }

    @Test
    void startReturnsAfterTheStartupTimeoutAndFailsClosedUntilTheFeedAnswers() throws Exception {
        issuer.feedStatus(401);
        gatehouse = builder().startupTimeout(Duration.ofMillis(300)).start();

        assertThat(gatehouse.status().lastContact()).isNull();
        assertThat(gatehouse.status().stale()).isTrue();
        assertThat(gatehouse.status().feedProblem()).contains("401");
        assertThatThrownBy(() -> gatehouse.verifier().verify(token())).isInstanceOf(VerifierUnavailableException.class);

        issuer.feedStatus(200);

        await().atMost(WAIT).until(() -> !gatehouse.status().stale());
        assertThat(gatehouse.verifier().verify(token()).subject()).isEqualTo("alice");
    }

    @Test
    void refusesToStartWithoutFeedCredentialsUnlessTheFeedIsExplicitlyWaived() {
        assertThatThrownBy(() -> GatehouseVerifier.builder(issuer.uri()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("feedCredentials")
                .hasMessageContaining("withoutRevocationFeed");
        assertThatThrownBy(() -> builder().withoutRevocationFeed().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exclude each other");
    }

    @Test
    void withoutTheFeedVerifiesAndSaysSo() throws Exception {
        gatehouse = GatehouseVerifier.builder(issuer.uri()).withoutRevocationFeed().start();

        assertThat(gatehouse.verifier().verify(token()).subject()).isEqualTo("alice");
        assertThat(gatehouse.status().state()).isEqualTo("no revocation feed");
        assertThat(gatehouse.status().failingClosed()).isFalse();
        assertThat(issuer.feedRequests()).isEmpty();
    }

    @Test
    void refusesToStartWhenTheIssuerMetadataNamesAnotherIssuer() {
        issuer.advertiseIssuer("https://elsewhere.example");

        assertThatThrownBy(() -> builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("https://elsewhere.example");
        assertThat(issuer.feedRequests()).isEmpty();
    }

    @Test
    void refusesToStartWhenTheIssuerCannotBeReachedWithinTheStartupTimeout() {
        URI nowhere = issuer.uri();
        issuer.close();

        assertThatThrownBy(() -> GatehouseVerifier.builder(nowhere).withoutRevocationFeed()
                        .startupTimeout(Duration.ofMillis(300)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the metadata of issuer");
    }

    @Test
    void settingsOutOfRangeNameTheSetting() {
        GatehouseVerifier.Builder b = GatehouseVerifier.builder(issuer.uri());
        assertThatThrownBy(() -> b.maxFeedStaleness(Duration.ZERO)).hasMessageContaining("max feed staleness");
        assertThatThrownBy(() -> b.cacheSize(-1)).hasMessageContaining("cache size");
        assertThatThrownBy(() -> b.clockSkew(Duration.ofHours(1))).hasMessageContaining("clock skew");
        assertThatThrownBy(() -> b.jwksRefreshFloor(Duration.ofSeconds(-1))).hasMessageContaining("JWKS refresh floor");
        assertThatThrownBy(() -> b.startupTimeout(Duration.ZERO)).hasMessageContaining("startup timeout");
        assertThatThrownBy(() -> builder().realm("a\"b").start()).hasMessageContaining("realm");
    }

    @Test
    void closeStopsFollowingTheFeed() {
        gatehouse = builder().start();
        await().atMost(WAIT).until(() -> issuer.openStreams() == 1);

        gatehouse.close();

        await().atMost(WAIT).until(() -> !gatehouse.status().feedConnected());
    }
}

package dev.gatehouse.core.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.SessionTokens;
import dev.gatehouse.core.store.Stores;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.testing.InMemoryClientStore;
import dev.gatehouse.core.testing.InMemoryRefreshTokenStore;
import dev.gatehouse.core.testing.InMemoryRevocationLog;
import dev.gatehouse.core.testing.InMemorySessionStore;
import dev.gatehouse.core.testing.InMemorySigningKeyStore;
import dev.gatehouse.core.testing.InMemoryUserStore;
import dev.gatehouse.core.testing.RecordingAuditLog;
import dev.gatehouse.core.token.TokenMinter;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rotation's grace period, on in-memory stores and a clock the test moves. */
class RefreshTokenGrantHandlerTest {
    private static final TokenConfig CONFIG = TokenConfig.defaults(URI.create("https://id.example.test"));
    private static final Duration GRACE = OAuthClient.DEFAULT_REFRESH_GRACE_PERIOD;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    private final KeyEncryption kek = KeyEncryption.fromBase64(KeyEncryption.generateKey());
    private final InMemoryRefreshTokenStore refreshTokens = new InMemoryRefreshTokenStore();
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final InMemoryRevocationLog revocationLog = new InMemoryRevocationLog();
    private final AtomicInteger reuses = new AtomicInteger();
    private final Stores stores = new Stores(new DirectTransactions(), users, new InMemoryClientStore(), sessions,
            refreshTokens, new InMemorySigningKeyStore(), revocationLog, new RecordingAuditLog());
    private final IssuerMetrics metrics = new IssuerMetrics() {
        @Override
        public void refreshReuseDetected() {
            reuses.incrementAndGet();
        }
    };
    private final KeyRing keys = new KeyRing(stores.signingKeys(), kek, CONFIG, clock);
    private final SessionTokens sessionTokens = new SessionTokens(stores, new TokenMinter(keys, CONFIG, clock), CONFIG,
            metrics, clock);
    private final RefreshTokenGrantHandler handler = new RefreshTokenGrantHandler(stores, sessionTokens,
            new Revocations(stores, new Denylist(), CONFIG, metrics, clock), kek, CONFIG, metrics, clock);
    private final User alice = new User("user-1", "alice", "$argon2id$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA", false,
            Set.of("reader"), clock.instant(), clock.instant());

    @BeforeEach
    void start() {
        keys.start();
        users.create(alice);
    }

    @Test
    void aRetryWithinTheGracePeriodGetsTheSameRefreshTokenAndRevokesNothing() {
        OAuthClient app = client("app", null);
        TokenResult login = login(app);
        TokenResult lost = refresh(app, login.refreshToken());
        clock.advance(GRACE.minusMillis(1));

        TokenResult retry = refresh(app, login.refreshToken());

        assertThat(retry.refreshToken()).isEqualTo(lost.refreshToken());
        assertThat(retry.accessToken().jti()).isNotEqualTo(lost.accessToken().jti());
        assertThat(retry.scope()).isEqualTo(lost.scope());
        assertThat(reuses).hasValue(0);
        assertThat(revocationLog.events()).isEmpty();
        assertThat(refresh(app, retry.refreshToken()).refreshToken()).isNotEqualTo(retry.refreshToken());
    }

    @Test
    void aRetryOnceTheGracePeriodHasPassedRevokesTheFamilyAndTheSession() {
        OAuthClient app = client("app", null);
        TokenResult login = login(app);
        TokenResult rotated = refresh(app, login.refreshToken());
        clock.advance(GRACE);

        assertInvalidGrant(() -> refresh(app, login.refreshToken()));

        assertThat(reuses).hasValue(1);
        assertThat(refreshTokens.findActive(Secrets.sha256(rotated.refreshToken()), clock.instant())).isEmpty();
        assertThat(sessions.listActive(alice.id(), clock.instant())).isEmpty();
    }

    @Test
    void aRetryOnceTheSuccessorWasUsedRevokesTheFamily() {
        OAuthClient app = client("app", null);
        TokenResult login = login(app);
        TokenResult second = refresh(app, login.refreshToken());
        TokenResult third = refresh(app, second.refreshToken());

        assertInvalidGrant(() -> refresh(app, login.refreshToken()));

        assertThat(reuses).hasValue(1);
        assertThat(refreshTokens.findActive(Secrets.sha256(third.refreshToken()), clock.instant())).isEmpty();
    }

    @Test
    void aStrictClientsRetryRevokesAtOnceAndNothingIsSealed() {
        OAuthClient strict = client("strict", Duration.ZERO);
        TokenResult login = login(strict);
        refresh(strict, login.refreshToken());

        assertThat(refreshTokens.row(Secrets.sha256(login.refreshToken())).sealedSuccessor()).isNull();
        assertInvalidGrant(() -> refresh(strict, login.refreshToken()));
        assertThat(reuses).hasValue(1);
        assertThat(sessions.listActive(alice.id(), clock.instant())).isEmpty();
    }

    @Test
    void theSuccessorIsKeptEncryptedUnderAKeyOtherThanTheKeyEncryptionKey() {
        OAuthClient app = client("app", null);
        TokenResult login = login(app);
        TokenResult rotated = refresh(app, login.refreshToken());
        String presentedHash = Secrets.sha256(login.refreshToken());

        String sealed = refreshTokens.row(presentedHash).sealedSuccessor();

        assertThat(sealed).isNotNull().doesNotContain(rotated.refreshToken());
        assertThatThrownBy(() -> kek.decrypt(sealed, presentedHash)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSealMovedFromAnotherRotationIsTakenAsReuse() {
        OAuthClient app = client("app", null);
        TokenResult victim = login(app);
        TokenResult other = login(app);
        refresh(app, victim.refreshToken());
        refresh(app, other.refreshToken());
        InMemoryRefreshTokenStore.Row victimRow = refreshTokens.row(Secrets.sha256(victim.refreshToken()));
        String otherSeal = refreshTokens.row(Secrets.sha256(other.refreshToken())).sealedSuccessor();
        refreshTokens.replace(new InMemoryRefreshTokenStore.Row(victimRow.token(), victimRow.rotatedAt(),
                victimRow.revokedAt(), victimRow.successorHash(), otherSeal));

        assertInvalidGrant(() -> refresh(app, victim.refreshToken()));

        assertThat(reuses).hasValue(1);
        assertThat(refreshTokens.findActive(victimRow.successorHash(), clock.instant())).isEmpty();
    }

    private TokenResult login(OAuthClient client) {
        return sessionTokens.login(alice, client, new Scope("openid"), List.of(), "203.0.113.7", "test", "password");
    }

    private TokenResult refresh(OAuthClient client, String refreshToken) {
        return handler.handle(new TokenRequest(client, new RefreshTokenGrant(
                new com.nimbusds.oauth2.sdk.token.RefreshToken(refreshToken)), null, List.of(), "203.0.113.7", "test"));
    }

    private static void assertInvalidGrant(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.error().getCode()).isEqualTo("invalid_grant"));
    }

    /** A public client with the refresh_token grant; {@code grace} null for the default. */
    private static OAuthClient client(String id, Duration grace) {
        return new OAuthClient(id, id, null, Set.of(ClientAuthenticationMethod.NONE), null,
                Set.of(GrantType.PASSWORD, GrantType.REFRESH_TOKEN), Set.of("openid"), Set.of("https://api.test"),
                Set.of(), List.of(), false, false, null, null, null, grace, null, Instant.EPOCH);
    }

    /** Runs the work on the caller's thread: the in-memory stores make each call atomic on their own. */
    private static final class DirectTransactions implements Transactions {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    }
}

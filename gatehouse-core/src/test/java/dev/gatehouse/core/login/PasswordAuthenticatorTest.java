package dev.gatehouse.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.testing.InMemoryUserStore;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.user.PasswordHasher;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.testing.RecordingAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PasswordAuthenticatorTest {
    private static final ThrottleConfig THROTTLE = new ThrottleConfig(3, 10, 6, Duration.ofSeconds(60), Duration.ofMinutes(10));
    private static final String PASSWORD = "correct horse battery";
    private static final String HOME = "10.0.0.1";

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final PasswordHasher hasher = new PasswordHasher(new PasswordConfig(8 * 1024, 1, 1));
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final PasswordAuthenticator authenticator = new PasswordAuthenticator(users, hasher,
            new InMemoryLoginThrottle(THROTTLE, clock), audit, metrics, clock);
    private User alice;

    @BeforeEach
    void createUsers() {
        alice = user("u-alice", "alice", false);
    }

    @Test
    void unknownUserDisabledUserAndWrongPasswordAreCountedUnderOneReason() {
        user("u-bob", "bob", true);

        refused("nobody", PASSWORD, HOME);
        refused("bob", PASSWORD, HOME);
        refused("alice", "wrong password", HOME);

        assertThat(metrics.loginFailures).containsExactly("bad_credentials", "bad_credentials", "bad_credentials");
    }

    @Test
    void loginsTheStoreCouldNotAnswerAreNotCountedSoNobodyIsLockedOutByAnOutage() {
        users.unavailable(true);
        for (int i = 0; i < THROTTLE.freeAttemptsPerAccountAndAddress() * 3; i++) {
            assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, "web", HOME))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        users.unavailable(false);

        assertThat(authenticator.authenticate("alice", PASSWORD, "web", HOME).id()).isEqualTo(alice.id());
        assertThat(metrics.loginFailures).isEmpty();
    }

    @Test
    void throttledAttemptsAreCountedInMetricsButNotAudited() {
        for (int i = 0; i < THROTTLE.freeAttemptsPerAccountAndAddress(); i++) {
            refused("alice", "wrong password", HOME);
        }

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, "web", HOME))
                    .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.retryAfter()).isPositive());
        }

        assertThat(metrics.loginFailures).filteredOn("throttled"::equals).hasSize(5);
        assertThat(audit.events).extracting(AuditEvent::type)
                .containsOnly("login.failed").hasSize(THROTTLE.freeAttemptsPerAccountAndAddress());
    }

    @Test
    void failuresAndSuccessesAreAudited() {
        refused("alice", "wrong password", HOME);
        refused("nobody", "wrong password", HOME);
        authenticator.authenticate("alice", PASSWORD, "web", HOME);

        assertThat(audit.events).extracting(AuditEvent::type, AuditEvent::subject)
                .containsExactly(tuple("login.failed", alice.id()), tuple("login.failed", null),
                        tuple("login.succeeded", alice.id()));
    }

    @Test
    void failureDetailNamesAKnownUserByIdAndNeverQuotesTheSentUsername() {
        User mallory = user("u-4711", "mallory\nINFO forged line", false);
        user("u-4712", "disabled\nINFO forged line", true);

        OAuthException wrong = refused("MALLORY\nINFO forged line", "wrong password", HOME);
        OAuthException disabled = refused("disabled\nINFO forged line", PASSWORD, HOME);
        OAuthException unknown = refused("nobody\nINFO forged line", PASSWORD, HOME);

        assertThat(wrong.detail()).contains(mallory.id());
        assertThat(disabled.detail()).contains("u-4712");
        for (OAuthException e : List.of(wrong, disabled, unknown)) {
            assertThat(e.detail()).doesNotContainIgnoringCase("forged").doesNotContainIgnoringCase("mallory")
                    .doesNotContain("\n");
        }
    }

    @Test
    void userIsNeverKeptWaitingAtAKnownAddressByFailuresFromElsewhere() {
        authenticator.authenticate("alice", PASSWORD, "web", HOME);

        // One failure from a new address each time the account-wide wait ends, for hours on end; the
        // user tries right after each of them.
        for (int round = 0; round < 50; round++) {
            clock.advance(THROTTLE.maxDelay());
            refused("alice", "guess " + round, "192.0.2." + round);

            assertThat(authenticator.authenticate("alice", PASSWORD, "web", HOME).id()).isEqualTo(alice.id());
        }
    }

    @Test
    void failuresFromElsewhereStillSlowDownANewAddressOfTheUser() {
        authenticator.authenticate("alice", PASSWORD, "web", HOME);
        for (int i = 0; i < THROTTLE.freeAttemptsPerAccount(); i++) {
            refused("alice", "guess " + i, "192.0.2." + i);
        }

        assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, "web", "10.9.9.9"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.retryAfter()).isPositive());
        assertThat(authenticator.authenticate("alice", PASSWORD, "web", HOME).id()).isEqualTo(alice.id());
    }

    @Test
    void disabledUserWithTheRightPasswordDoesNotMakeTheAddressKnown() {
        User carol = user("u-carol", "carol", true);
        refused("carol", PASSWORD, HOME);
        users.update(carol.withDisabled(false, clock.instant()));
        for (int i = 1; i < THROTTLE.freeAttemptsPerAccount(); i++) {
            refused("carol", "guess " + i, "192.0.2." + i);
        }

        assertThatThrownBy(() -> authenticator.authenticate("carol", PASSWORD, "web", HOME))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.retryAfter()).isPositive());
    }

    private OAuthException refused(String username, String password, String address) {
        try {
            authenticator.authenticate(username, password, "web", address);
        } catch (OAuthException e) {
            if (e.retryAfter() != null) {
                throw new AssertionError("throttled: " + e.detail());
            }
            assertThat(e.error().getCode()).isEqualTo("invalid_grant");
            return e;
        }
        throw new AssertionError("login of " + username + " succeeded");
    }

    private User user(String id, String username, boolean disabled) {
        User user = new User(id, username, hasher.hash(PASSWORD), disabled, Set.of(), clock.instant(), clock.instant());
        users.create(user);
        return user;
    }

    private static final class RecordingMetrics implements IssuerMetrics {
        final List<String> loginFailures = new CopyOnWriteArrayList<>();

        @Override
        public void loginFailed(String reason) {
            loginFailures.add(reason);
        }
    }
}

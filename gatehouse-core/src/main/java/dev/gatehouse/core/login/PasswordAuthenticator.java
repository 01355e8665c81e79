package dev.gatehouse.core.login;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.user.PasswordHasher;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a username and password. Unknown user, disabled user and wrong password fail with the same
 * error after the same amount of hashing; repeated failures are throttled with a finite wait.
 */
public final class PasswordAuthenticator {
    static final int MAX_USERNAME = 256;
    static final int MAX_PASSWORD = 1024;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final IssuerMetrics metrics;
    private final Clock clock;

    public PasswordAuthenticator(UserStore users, PasswordHasher hasher, LoginThrottle throttle, AuditLog audit,
                                 IssuerMetrics metrics, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws OAuthException invalid_grant on bad credentials, slow_down (429) while throttled,
     *                        invalid_request on missing or oversized input
     */
    public User authenticate(String username, String password, String clientId, String address) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw OAuthException.invalidRequest("username and password are required");
        }
        if (username.length() > MAX_USERNAME || password.length() > MAX_PASSWORD) {
            throw OAuthException.invalidRequest("username or password too long");
        }
        // Counted as failed before hashing, so parallel guesses cannot share one allowed attempt.
        Optional<Duration> wait = throttle.admit(username, address);
        if (wait.isPresent()) {
            // Metrics only: an audit row per refused attempt would let anyone grow the audit log for free.
            metrics.loginFailed(IssuerMetrics.LOGIN_THROTTLED);
            throw OAuthException.throttled(wait.get());
        }
        Optional<User> found;
        try {
            found = users.findByUsername(username);
        } catch (StoreUnavailableException e) {
            throttle.release(username, address);
            throw e;
        }
        boolean ok;
        if (found.isPresent() && found.get().passwordHash() != null) {
            ok = hasher.verify(password, found.get().passwordHash());
        } else {
            hasher.verifyDummy(password);
            ok = false;
        }
        if (!ok || found.get().disabled()) {
            metrics.loginFailed(IssuerMetrics.LOGIN_BAD_CREDENTIALS);
            record("login.failed", found.map(User::id).orElse(null), username, clientId, address);
            throw OAuthException.invalidGrant("Invalid username or password", failure(found, ok));
        }
        User user = found.get();
        throttle.recordSuccess(username, address);
        if (hasher.needsRehash(user.passwordHash())) {
            // only the hash, and only if nobody changed it meanwhile: a rewrite of the whole user read before
            // hashing would undo a disable, a role change or a new password made during this login
            User rehashed = user.withPasswordHash(hasher.hash(password), clock.instant());
            if (users.replacePasswordHash(user.id(), user.passwordHash(), rehashed.passwordHash(), rehashed.updatedAt())) {
                user = rehashed;
            }
        }
        record("login.succeeded", user.id(), username, clientId, address);
        return user;
    }

    /** The reason for the log; names the user by id, never by the username the request sent. */
    private static String failure(Optional<User> found, boolean passwordMatched) {
        if (found.isEmpty()) {
            return "login failed: unknown username";
        }
        String id = found.get().id();
        if (passwordMatched) {
            return "login failed: user " + id + " is disabled";
        }
        return found.get().passwordHash() == null ? "login failed: user " + id + " has no password"
                : "login failed: wrong password for user " + id;
    }

    private void record(String type, String subject, String username, String clientId, String address) {
        audit.record(AuditEvent.of(clock.instant(), type, "user:" + username, subject, clientId, address,
                Map.of("username", username)));
    }
}

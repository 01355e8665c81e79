package dev.gatehouse.core.session;

import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Presented refresh tokens, found by their hash, and the one rule of whether one is usable: the token itself
 * is live (not rotated, revoked or expired, which its store decides), its session is active and its user
 * exists and is enabled. The refresh grant and introspection both ask here.
 */
public final class RefreshTokens {
    private final RefreshTokenStore tokens;
    private final SessionStore sessions;
    private final UserStore users;
    private final Clock clock;

    public RefreshTokens(RefreshTokenStore tokens, SessionStore sessions, UserStore users, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.users = users;
        this.clock = clock;
    }

    /** A stored token and the user it was issued to. */
    public record Usable(RefreshToken token, User user) {}

    /** The stored token of a presented value, whatever its state. */
    public Optional<RefreshToken> find(String presented) {
        return tokens.find(Secrets.sha256(presented));
    }

    /** The user of {@code token} while its session is active and the user enabled; empty otherwise. */
    public Optional<User> holder(RefreshToken token, Instant now) {
        boolean sessionActive = sessions.find(token.sessionId()).filter(s -> s.isActive(now)).isPresent();
        return sessionActive ? users.findById(token.subject()).filter(u -> !u.disabled()) : Optional.empty();
    }

    /** The presented token and its user when the token can be used now. */
    public Optional<Usable> findUsable(String presented) {
        Instant now = clock.instant();
        return tokens.findActive(Secrets.sha256(presented), now)
                .flatMap(token -> holder(token, now).map(user -> new Usable(token, user)));
    }
}

package dev.gatehouse.core.browser;

import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.BrowserSessionConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Single sign-on: starts a browser session at a password sign-in, tied to a new login session ({@code sid}), and
 * finds it again from the cookie while it is within its idle and absolute limits and its login session is active.
 * The cookie value exists only in the browser; the store has its SHA-256.
 */
public final class BrowserSessions {
    /** The idle clock is written at most this often, so a busy browser does not write on every request. */
    public static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Transactions transactions;
    private final UserStore users;
    private final SessionStore sessions;
    private final BrowserSessionStore store;
    private final TokenConfig tokens;
    private final BrowserSessionConfig config;
    private final Clock clock;

    public BrowserSessions(Transactions transactions, UserStore users, SessionStore sessions, BrowserSessionStore store,
                           TokenConfig tokens, BrowserSessionConfig config, Clock clock) {
        this.transactions = transactions;
        this.users = users;
        this.sessions = sessions;
        this.store = store;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    /** A started browser session and the cookie value that names it, the only time that value exists here. */
    public record Started(String cookieValue, BrowserSession session) {}

    /**
     * Starts a login session for the user at the client signing in, and a browser session tied to it, under a new
     * random id: a value the browser presented before is never reused (session fixation).
     *
     * @throws OAuthException invalid_grant when the user changed (password, disabled, deleted) since the password check
     */
    public Started start(User user, OAuthClient client, String address, String userAgent) {
        // as precise as the store keeps it, so that every code of this session carries the same auth_time
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant sessionEnd = now.plus(Entitlements.refreshAbsoluteTtl(client, tokens));
        Session session = new Session(Secrets.randomBase64Url(16), user.id(), client.clientId(), now, now, now,
                sessionEnd, address, truncate(userAgent, 512), null);
        String cookie = Secrets.newToken();
        Instant end = min(now.plus(config.max()), sessionEnd);
        BrowserSession browser = new BrowserSession(Secrets.sha256(cookie), session.id(), user.id(), now, now, now, end);
        transactions.inTransaction(() -> {
            // as at the login endpoint: a change to the user since its password was checked refuses the sign-in
            users.findByIdForUpdate(user.id())
                    .filter(u -> !u.disabled() && Objects.equals(u.passwordHash(), user.passwordHash()))
                    .orElseThrow(() -> OAuthException.invalidGrant("Invalid username or password",
                            "user " + user.id() + " changed while signing in"));
            sessions.create(session);
            store.create(browser);
            return null;
        });
        return new Started(cookie, browser);
    }

    /**
     * The browser session the cookie names, while within its limits and its login session is active; an ended one
     * is forgotten. Records the visit for the idle limit (at most once per {@link #TOUCH_INTERVAL}).
     */
    public Optional<BrowserSession> current(String cookieValue) {
        if (cookieValue == null || !COOKIE_VALUE.matcher(cookieValue).matches()) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(cookieValue);
        Optional<BrowserSession> found = store.find(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BrowserSession b = found.get();
        Instant now = clock.instant();
        boolean live = now.isBefore(b.expiresAt()) && now.isBefore(b.lastSeenAt().plus(config.idle()))
                && sessions.find(b.sessionId()).map(s -> s.isActive(now)).orElse(false);
        if (!live) {
            store.delete(hash);
            return Optional.empty();
        }
        if (!now.isBefore(b.lastSeenAt().plus(TOUCH_INTERVAL))) {
            store.touch(hash, now);
            b = new BrowserSession(b.idHash(), b.sessionId(), b.subject(), b.authTime(), b.createdAt(), now, b.expiresAt());
        }
        return Optional.of(b);
    }

    /** Ends the browser session the cookie names, if any. */
    public void end(String cookieValue) {
        if (cookieValue != null && COOKIE_VALUE.matcher(cookieValue).matches()) {
            store.delete(Secrets.sha256(cookieValue));
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

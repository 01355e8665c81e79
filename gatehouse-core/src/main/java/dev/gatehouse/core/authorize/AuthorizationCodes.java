package dev.gatehouse.core.authorize;

import dev.gatehouse.core.crypto.Secrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Issues authorization codes: high-entropy, stored by hash only, single-use, valid for {@link #LIFETIME}. */
public final class AuthorizationCodes {
    /** OpenID Connect and RFC 6749 4.1.2 ask for a short life; a browser redirect takes well under a second. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private final AuthorizationCodeStore store;
    private final Clock clock;

    public AuthorizationCodes(AuthorizationCodeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores a new code bound to what it grants and returns it, the only time it exists in clear. */
    public String issue(String clientId, URI redirectUri, String subject, String sessionId, Set<String> scopes,
                        Set<String> audiences, String nonce, String codeChallenge, Instant authTime) {
        String code = Secrets.newToken();
        Instant now = clock.instant();
        store.save(new AuthorizationCode(Secrets.sha256(code), clientId, redirectUri, subject, sessionId, scopes,
                audiences, nonce, codeChallenge, authTime, now, now.plus(LIFETIME)));
        return code;
    }
}

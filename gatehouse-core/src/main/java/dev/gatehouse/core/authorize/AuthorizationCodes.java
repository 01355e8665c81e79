package dev.gatehouse.core.authorize;

import dev.gatehouse.core.crypto.Secrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Issues and redeems authorization codes: high-entropy, stored by hash only, single-use, valid for
 * {@link #LIFETIME}.
 */
public final class AuthorizationCodes {
    /** OpenID Connect and RFC 6749 4.1.2 ask for a short life; a browser redirect takes well under a second. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /**
     * How long a code is kept after it expired: while it is kept, presenting it again still revokes what its
     * redemption issued (RFC 6749 4.1.2); after it, it is merely unknown.
     */
    public static final Duration REPLAY_MEMORY = Duration.ofHours(24);
    /** Codes we issue are 43 characters; anything much longer is not one of ours and is not hashed. */
    private static final int MAX_CODE_LENGTH = 512;

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

    /** The stored code of a presented value, whatever its state; empty when unknown. */
    public Optional<AuthorizationCode> find(String presented) {
        if (presented.length() > MAX_CODE_LENGTH) {
            return Optional.empty();
        }
        return store.find(Secrets.sha256(presented));
    }

    /** Redeems {@code code} now, at most once among all nodes; see {@link AuthorizationCodeStore#redeem}. */
    public Redemption redeem(AuthorizationCode code) {
        return store.redeem(code.codeHash(), clock.instant());
    }

    /** Keeps what the redemption of {@code code} issued, in the redemption's transaction. */
    public void recordIssued(AuthorizationCode code, IssuedTokens issued) {
        store.recordIssued(code.codeHash(), issued);
    }

    /** Forgets codes expired longer than {@link #REPLAY_MEMORY}; returns how many. */
    public int purgeExpired() {
        return store.purgeExpired(clock.instant().minus(REPLAY_MEMORY));
    }
}

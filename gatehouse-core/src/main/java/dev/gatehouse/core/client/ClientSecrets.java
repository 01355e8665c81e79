package dev.gatehouse.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.user.PasswordHasher;
import java.time.Duration;

/**
 * Client secret hashes. Generated secrets carry 256 bits of entropy and are stored as
 * {@code sha256:<hash>}: one fast hash per request is safe because nothing can be brute-forced.
 * Secrets an operator chose are stored as Argon2id; a successful check is remembered (by a SHA-256 of
 * the presented secret and the stored hash) so that the slow hash runs once, not on every request.
 */
public final class ClientSecrets {
    private static final String SHA256 = "sha256:";
    private final PasswordHasher slowHasher;
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();

    public ClientSecrets(PasswordHasher slowHasher) {
        this.slowHasher = slowHasher;
    }

    /** A new random secret, to be shown once. */
    public static String generate() {
        return Secrets.newToken();
    }

    /** The stored form of a generated secret. */
    public static String hashGenerated(String secret) {
        return SHA256 + Secrets.sha256(secret);
    }

    /** The stored form of a secret an operator chose (may be low-entropy). */
    public String hashChosen(String secret) {
        return slowHasher.hash(secret);
    }

    /** True when {@code hash} is a form this class can verify. */
    public static boolean isSupportedHash(String hash) {
        return hash != null && (hash.startsWith(SHA256) || hash.startsWith("$argon2id$"));
    }

    public boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        if (storedHash.startsWith(SHA256)) {
            return Secrets.constantTimeEquals(SHA256 + Secrets.sha256(presented), storedHash);
        }
        String key = Secrets.sha256(storedHash + "\u0000" + presented);
        if (verified.getIfPresent(key) != null) {
            return true;
        }
        boolean ok = slowHasher.verify(presented, storedHash);
        if (ok) {
            verified.put(key, Boolean.TRUE);
        }
        return ok;
    }
}

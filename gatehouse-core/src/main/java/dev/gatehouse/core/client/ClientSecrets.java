package dev.gatehouse.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.user.PasswordHasher;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Client secret hashes. Generated secrets carry 256 bits of entropy and are stored as
 * {@code sha256:<hash>}: one fast hash per request is safe because nothing can be brute-forced.
 * Secrets an operator chose are stored as Argon2id; a successful check is remembered (by a SHA-256 of
 * the presented secret and the stored hash) so that the slow hash runs once, not on every request.
 * At most half the processors run a slow hash at once, so a stream of wrong secrets cannot take every
 * core; fast and remembered checks never wait for them.
 */
public final class ClientSecrets {
    private static final String SHA256 = "sha256:";
    private final PasswordHasher slowHasher;
    private final Semaphore slowChecks;
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();

    public ClientSecrets(PasswordHasher slowHasher) {
        this(slowHasher, new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
    }

    ClientSecrets(PasswordHasher slowHasher, Semaphore slowChecks) {
        this.slowHasher = slowHasher;
        this.slowChecks = slowChecks;
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
        boolean ok = verifySlowly(presented, storedHash);
        if (ok) {
            verified.put(key, Boolean.TRUE);
        }
        return ok;
    }

    private boolean verifySlowly(String presented, String storedHash) {
        try {
            slowChecks.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return slowHasher.verify(presented, storedHash);
        } finally {
            slowChecks.release();
        }
    }
}

package dev.gatehouse.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random tokens, their stored hashes, and constant-time comparison. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    /** A new opaque token with 256 bits of entropy, base64url without padding. */
    public static String newToken() {
        return randomBase64Url(32);
    }

    public static String randomBase64Url(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    /**
     * The hash under which a high-entropy token (refresh token, generated secret) is stored. A fast hash
     * is enough here: with 256 bits of entropy there is nothing to brute-force.
     */
    public static String sha256(String value) {
        return B64URL.encodeToString(digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] digest(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}

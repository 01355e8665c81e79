package dev.gatehouse.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys at rest with AES-256-GCM under the key-encryption key (KEK). The KEK is
 * given as base64 of 32 random bytes. The key id is bound as additional authenticated data so that a
 * ciphertext cannot be moved to another key row. Other secrets kept at rest use a key {@linkplain #derive
 * derived} from the KEK for their purpose, so that no ciphertext of one kind opens as another.
 */
public final class KeyEncryption {
    private static final String PREFIX = "v1.";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKey kek;

    private KeyEncryption(byte[] key) {
        this.kek = new SecretKeySpec(key, "AES");
    }

    /** Parses a base64 (standard or url-safe) KEK of exactly 32 bytes. */
    public static KeyEncryption fromBase64(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key-encryption key is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("key-encryption key must be 32 bytes (base64 of 32 random bytes), got " + key.length);
        }
        return new KeyEncryption(key);
    }

    /** A fresh random KEK in the form {@link #fromBase64} accepts. */
    public static String generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The key for one purpose: HKDF-Expand (RFC 5869 2.3) with the KEK as pseudorandom key and the purpose as info. */
    public KeyEncryption derive(String purpose) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(kek.getEncoded(), "HmacSHA256"));
            hmac.update(purpose.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 1);
            return new KeyEncryption(hmac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key derivation failed", e);
        }
    }

    public String encrypt(String plaintext, String associatedData) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @throws IllegalStateException when the ciphertext was not made under this KEK for this data */
    public String decrypt(String ciphertext, String associatedData) {
        if (!ciphertext.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown ciphertext format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, in, 0, 12));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt: wrong key-encryption key, or the ciphertext belongs to other data");
        }
    }
}

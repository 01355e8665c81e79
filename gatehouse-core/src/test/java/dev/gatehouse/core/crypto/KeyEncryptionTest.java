package dev.gatehouse.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyEncryptionTest {
    private static final String PRIVATE_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"secret-part\"}";

    private static final String KEY = KeyEncryption.generateKey();

    private final KeyEncryption kek = KeyEncryption.fromBase64(KEY);

    @Test
    void encryptThenDecryptWithSameKekAndKidReturnsPlaintext() {
        String ciphertext = kek.encrypt(PRIVATE_JWK, "kid-1");

        assertThat(kek.decrypt(ciphertext, "kid-1")).isEqualTo(PRIVATE_JWK);
    }

    @Test
    void ciphertextDoesNotContainPlaintext() {
        String ciphertext = kek.encrypt(PRIVATE_JWK, "kid-1");

        assertThat(ciphertext).startsWith("v1.").doesNotContain("secret-part");
        assertThat(new String(Base64.getDecoder().decode(ciphertext.substring(3)))).doesNotContain("secret-part");
    }

    @Test
    void encryptingTwiceGivesDifferentCiphertextsThatBothDecrypt() {
        String first = kek.encrypt(PRIVATE_JWK, "kid-1");
        String second = kek.encrypt(PRIVATE_JWK, "kid-1");

        assertThat(first).isNotEqualTo(second);
        assertThat(kek.decrypt(second, "kid-1")).isEqualTo(PRIVATE_JWK);
    }

    @Test
    void decryptWithAnotherKekFails() {
        String ciphertext = kek.encrypt(PRIVATE_JWK, "kid-1");
        KeyEncryption other = KeyEncryption.fromBase64(KeyEncryption.generateKey());

        assertThatThrownBy(() -> other.decrypt(ciphertext, "kid-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong key-encryption key");
    }

    @Test
    void aDerivedKeyOpensOnlyItsOwnCiphertexts() {
        KeyEncryption successors = kek.derive("refresh successors");
        String sealed = successors.encrypt("token", "hash-1");

        assertThat(KeyEncryption.fromBase64(KEY).derive("refresh successors").decrypt(sealed, "hash-1")).isEqualTo("token");
        assertThatThrownBy(() -> kek.decrypt(sealed, "hash-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kek.derive("another purpose").decrypt(sealed, "hash-1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> successors.decrypt(kek.encrypt("token", "hash-1"), "hash-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decryptWhenCiphertextTamperedFails() {
        String ciphertext = kek.encrypt(PRIVATE_JWK, "kid-1");
        byte[] raw = Base64.getDecoder().decode(ciphertext.substring(3));
        raw[raw.length / 2] ^= 0x01;
        String tampered = "v1." + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> kek.decrypt(tampered, "kid-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decryptWhenTruncatedFails() {
        String ciphertext = kek.encrypt(PRIVATE_JWK, "kid-1");
        byte[] raw = Base64.getDecoder().decode(ciphertext.substring(3));
        String truncated = "v1." + Base64.getEncoder().encodeToString(Arrays.copyOf(raw, raw.length - 1));

        assertThatThrownBy(() -> kek.decrypt(truncated, "kid-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ciphertextMovedToAnotherKidFails() {
        String ciphertext = kek.encrypt(PRIVATE_JWK, "kid-1");

        assertThatThrownBy(() -> kek.decrypt(ciphertext, "kid-2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decryptOfUnknownFormatFails() {
        assertThatThrownBy(() -> kek.decrypt("v2.AAAA", "kid-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown ciphertext format");
    }

    @Test
    void decryptOfInvalidBase64Fails() {
        assertThatThrownBy(() -> kek.decrypt("v1.not*base64", "kid-1")).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void kekOfOtherLengthThanThirtyTwoBytesIsRejected(int length) {
        String base64 = Base64.getEncoder().encodeToString(new byte[length]);

        assertThatThrownBy(() -> KeyEncryption.fromBase64(base64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 32 bytes")
                .hasMessageEndingWith("got " + length);
    }

    @Test
    void kekThatIsNotBase64IsRejected() {
        assertThatThrownBy(() -> KeyEncryption.fromBase64("this is not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key-encryption key is not valid base64");
    }

    @Test
    void kekInUrlSafeBase64OrWithSurroundingWhitespaceIsTheSameKey() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0xFB);
        String standard = Base64.getEncoder().encodeToString(key);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        assertThat(standard).contains("+");

        String ciphertext = KeyEncryption.fromBase64(standard).encrypt(PRIVATE_JWK, "kid-1");

        assertThat(KeyEncryption.fromBase64(urlSafe).decrypt(ciphertext, "kid-1")).isEqualTo(PRIVATE_JWK);
        assertThat(KeyEncryption.fromBase64("  " + standard + "\n").decrypt(ciphertext, "kid-1")).isEqualTo(PRIVATE_JWK);
    }

    @Test
    void generatedKeysAreThirtyTwoRandomBytes() {
        String first = KeyEncryption.generateKey();

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(KeyEncryption.generateKey()).isNotEqualTo(first);
    }
}

package dev.gatehouse.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void newTokenIsThirtyTwoRandomBytesInBase64UrlWithoutPadding() {
        String token = Secrets.newToken();

        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
    }

    @Test
    void newTokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(Secrets.newToken());
        }

        assertThat(seen).hasSize(1000);
    }

    @Test
    void randomBase64UrlEncodesTheRequestedNumberOfBytes() {
        assertThat(Base64.getUrlDecoder().decode(Secrets.randomBase64Url(12))).hasSize(12);
        assertThat(Secrets.randomBase64Url(16)).hasSize(22).doesNotContain("=");
    }

    @Test
    void sha256MatchesTheFips180TestVector() {
        assertThat(Secrets.sha256("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
        assertThat(HexFormat.of().formatHex(Secrets.digest("abc".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256HashesUtf8() {
        assertThat(Secrets.sha256("é")).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.digest(new byte[] {(byte) 0xC3, (byte) 0xA9})));
    }

    @Test
    void constantTimeEqualsComparesContent() {
        assertThat(Secrets.constantTimeEquals("secret", new String("secret"))).isTrue();
        assertThat(Secrets.constantTimeEquals("secret", "secreT")).isFalse();
        assertThat(Secrets.constantTimeEquals("secret", "secret-longer")).isFalse();
        assertThat(Secrets.constantTimeEquals("", "")).isTrue();
    }

    @Test
    void constantTimeEqualsWithNullIsFalse() {
        assertThat(Secrets.constantTimeEquals(null, "secret")).isFalse();
        assertThat(Secrets.constantTimeEquals("secret", null)).isFalse();
        assertThat(Secrets.constantTimeEquals(null, null)).isFalse();
    }
}

package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenConfigTest {
    private static final URI ISSUER = URI.create("https://id.example.test");
    private static final Duration D = Duration.ofMinutes(5);

    @Test
    void defaultsAreValid() {
        TokenConfig config = TokenConfig.defaults(ISSUER);

        assertThat(config.signingAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.issuer()).isEqualTo(ISSUER);
    }

    @Test
    void issuerWithPathAndPortIsAccepted() {
        URI issuer = URI.create("http://127.0.0.1:8080/tenant-a");

        assertThat(TokenConfig.defaults(issuer).issuer()).isEqualTo(issuer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://id.example.test/", "https://id.example.test?x=1", "https://id.example.test#f",
            "/relative", "urn:example:issuer", "ftp://id.example.test"})
    void issuerThatIsNotAPlainHttpUrlIsRejectedNamingIt(String issuer) {
        assertThatThrownBy(() -> TokenConfig.defaults(URI.create(issuer)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("issuer:")
                .hasMessageContaining(issuer);
    }

    @Test
    void missingIssuerIsRejected() {
        assertThatThrownBy(() -> TokenConfig.defaults(null)).isInstanceOf(NullPointerException.class).hasMessage("issuer");
    }

    @Test
    void zeroAccessTokenTtlIsRejectedNamingSettingAndValue() {
        assertThatThrownBy(() -> config(Duration.ZERO, D, D, D, D, Duration.ZERO))
                .hasMessage("access-token-ttl: must be a positive duration, got PT0S");
    }

    @Test
    void eachLifetimeMustBePositive() {
        Duration negative = Duration.ofSeconds(-1);
        assertThatThrownBy(() -> config(D, negative, D, D, D, Duration.ZERO)).hasMessageStartingWith("max-access-token-ttl:");
        assertThatThrownBy(() -> config(D, D, null, D, D, Duration.ZERO)).hasMessage("id-token-ttl: must be a positive duration, got null");
        assertThatThrownBy(() -> config(D, D, D, Duration.ZERO, D, Duration.ZERO)).hasMessageStartingWith("refresh-idle-ttl:");
        assertThatThrownBy(() -> config(D, D, D, D, negative, Duration.ZERO)).hasMessageStartingWith("refresh-absolute-ttl:");
    }

    @Test
    void negativeKeyPrePublishIsRejectedAndZeroAccepted() {
        assertThatThrownBy(() -> config(D, D, D, D, D, Duration.ofSeconds(-1)))
                .hasMessage("key-pre-publish: must not be negative: PT-1S");
        assertThat(config(D, D, D, D, D, Duration.ZERO).keyPrePublish()).isZero();
    }

    @Test
    void accessTokenTtlAboveTheMaximumIsRejected() {
        assertThatThrownBy(() -> config(Duration.ofMinutes(10), D, D, D, D, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("access-token-ttl PT10M exceeds max-access-token-ttl PT5M");
    }

    @Test
    void refreshIdleTtlAboveTheAbsoluteTtlIsRejected() {
        assertThatThrownBy(() -> config(D, D, D, Duration.ofHours(2), Duration.ofHours(1), Duration.ZERO))
                .hasMessage("refresh-idle-ttl PT2H exceeds refresh-absolute-ttl PT1H");
    }

    @Test
    void unsupportedSigningAlgorithmIsRejectedNamingIt() {
        assertThatThrownBy(() -> new TokenConfig(ISSUER, D, D, D, D, D, JWSAlgorithm.HS256, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signing-algorithm: one of ES256, EdDSA, RS256, got HS256");
    }

    @Test
    void eachSupportedAlgorithmIsAccepted() {
        for (JWSAlgorithm alg : TokenConfig.SUPPORTED_ALGORITHMS) {
            assertThat(new TokenConfig(ISSUER, D, D, D, D, D, alg, Duration.ZERO).signingAlgorithm()).isEqualTo(alg);
        }
    }

    @Test
    void longestTokenLifetimeIsTheLongerOfAccessAndIdTokens() {
        assertThat(new TokenConfig(ISSUER, D, Duration.ofHours(1), Duration.ofMinutes(10), D, D, JWSAlgorithm.ES256,
                Duration.ZERO).longestTokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(new TokenConfig(ISSUER, D, D, Duration.ofHours(2), D, D, JWSAlgorithm.ES256,
                Duration.ZERO).longestTokenLifetime()).isEqualTo(Duration.ofHours(2));
    }

    private static TokenConfig config(Duration access, Duration maxAccess, Duration id, Duration idle, Duration absolute,
                                      Duration prePublish) {
        return new TokenConfig(ISSUER, access, maxAccess, id, idle, absolute, JWSAlgorithm.ES256, prePublish);
    }
}

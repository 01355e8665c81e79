package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierDefaultsTest {
    private final GatehouseVerifier.Builder sdk = GatehouseVerifier.builder(URI.create("https://issuer.example"));
    private final JwtTokenVerifier.Builder verifier = JwtTokenVerifier.builder("https://issuer.example", (selector, context) -> List.of());

    @Test
    void feedStalenessIsOneSecondToOneHourAsForTheGateway() {
        assertThatThrownBy(() -> sdk.maxFeedStaleness(Duration.ofMillis(500)))
                .hasMessage("max feed staleness: 1 second to 1 hour, got PT0.5S");
        assertThatThrownBy(() -> sdk.maxFeedStaleness(Duration.ofMinutes(61))).hasMessageContaining("1 second to 1 hour");

        sdk.maxFeedStaleness(VerifierDefaults.FEED_STALENESS_MIN).maxFeedStaleness(VerifierDefaults.FEED_STALENESS_MAX);
    }

    @Test
    void tokenCacheSizeIsBoundedForTheSdkAndTheLowLevelVerifierAlike() {
        assertThatThrownBy(() -> sdk.cacheSize(10_000_001)).hasMessage("cache size: 0 to 10000000, got 10000001");
        assertThatThrownBy(() -> verifier.cacheSize(10_000_001)).hasMessage("cache size: 0 to 10000000, got 10000001");
        assertThatThrownBy(() -> verifier.cacheSize(-1)).hasMessageContaining("cache size");

        sdk.cacheSize(0).cacheSize(VerifierDefaults.TOKEN_CACHE_SIZE_MAX);
        verifier.cacheSize(VerifierDefaults.TOKEN_CACHE_SIZE_MAX);
    }

    @Test
    void clockSkewIsZeroToFiveMinutesEverywhere() {
        assertThatThrownBy(() -> sdk.clockSkew(Duration.ofMinutes(6))).hasMessage("clock skew: 0 to 5 minutes, got PT6M");
        assertThatThrownBy(() -> verifier.clockSkew(Duration.ofSeconds(-1))).hasMessageContaining("clock skew: 0 to 5 minutes");
        assertThat(JwtTokenVerifier.MAX_CLOCK_SKEW).isEqualTo(VerifierDefaults.CLOCK_SKEW_MAX);
    }

    @Test
    void theJwksTimingsOfRemoteKeysAreTheSharedDefaults() {
        RemoteKeys.Options options = RemoteKeys.Options.of(URI.create("https://issuer.example"));

        assertThat(options.timeToLive()).isEqualTo(VerifierDefaults.JWKS_TIME_TO_LIVE).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.refreshFloor()).isEqualTo(VerifierDefaults.JWKS_REFRESH_FLOOR).isEqualTo(Duration.ofSeconds(5));
    }
}

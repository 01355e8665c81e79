package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackchannelLogoutConfigTest {
    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void defaultsTryFiveTimesOverAboutSevenAndAHalfMinutesWithALeaseLongerThanAnyAttempt() {
        BackchannelLogoutConfig d = BackchannelLogoutConfig.defaults();

        assertThat(d.maxAttempts()).isEqualTo(5);
        assertThat(d.retryDelay(1).plus(d.retryDelay(2)).plus(d.retryDelay(3)).plus(d.retryDelay(4)))
                .isEqualTo(Duration.ofSeconds(450));
        assertThat(d.tokenTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.lease()).isGreaterThan(d.connectTimeout().plus(d.requestTimeout()));
    }

    @Test
    void theRetryDelayDoublesAfterEachFailedAttempt() {
        BackchannelLogoutConfig d = BackchannelLogoutConfig.defaults();

        assertThat(d.retryDelay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.retryDelay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.retryDelay(3)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void invalidValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new BackchannelLogoutConfig(Duration.ZERO, S, 5, S, S, S, 10))
                .hasMessage("back-channel logout connect timeout must be positive, got PT0S");
        assertThatThrownBy(() -> new BackchannelLogoutConfig(S, S, 0, S, S, S, 10))
                .hasMessage("back-channel logout attempts: 1..20, got 0");
        assertThatThrownBy(() -> new BackchannelLogoutConfig(S, S, 5, S, S, S, 0))
                .hasMessage("back-channel logout batch size: 1..1000, got 0");
        assertThatThrownBy(() -> new BackchannelLogoutConfig(S, S, 5, S, null, S, 10))
                .hasMessage("back-channel logout token lifetime must be positive, got null");
    }
}

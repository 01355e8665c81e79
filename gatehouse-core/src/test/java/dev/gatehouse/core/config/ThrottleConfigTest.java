package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleConfigTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void defaultsAreValidAndBounded() {
        ThrottleConfig defaults = ThrottleConfig.defaults();

        assertThat(defaults.maxDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.window()).isGreaterThanOrEqualTo(defaults.maxDelay());
    }

    @Test
    void zeroFreeAttemptsAreRejectedForEachCounter() {
        assertThatThrownBy(() -> new ThrottleConfig(0, 1, 1, MINUTE, MINUTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("throttle free attempts must be at least 1");
        assertThatThrownBy(() -> new ThrottleConfig(1, 0, 1, MINUTE, MINUTE)).hasMessage("throttle free attempts must be at least 1");
        assertThatThrownBy(() -> new ThrottleConfig(1, 1, 0, MINUTE, MINUTE)).hasMessage("throttle free attempts must be at least 1");
    }

    @Test
    void maxDelayMustBePositive() {
        assertThatThrownBy(() -> new ThrottleConfig(1, 1, 1, Duration.ZERO, MINUTE))
                .hasMessage("throttle max delay must be positive, got PT0S");
        assertThatThrownBy(() -> new ThrottleConfig(1, 1, 1, Duration.ofSeconds(-1), MINUTE))
                .hasMessage("throttle max delay must be positive, got PT-1S");
        assertThatThrownBy(() -> new ThrottleConfig(1, 1, 1, null, MINUTE))
                .hasMessage("throttle max delay must be positive, got null");
    }

    @Test
    void windowShorterThanTheMaxDelayIsRejected() {
        assertThatThrownBy(() -> new ThrottleConfig(1, 1, 1, MINUTE, Duration.ofSeconds(59)))
                .hasMessage("throttle window must be at least the max delay, got PT59S");
        assertThatThrownBy(() -> new ThrottleConfig(1, 1, 1, MINUTE, null))
                .hasMessage("throttle window must be at least the max delay, got null");
    }

    @Test
    void windowEqualToTheMaxDelayIsAccepted() {
        assertThat(new ThrottleConfig(1, 1, 1, MINUTE, MINUTE).window()).isEqualTo(MINUTE);
    }
}

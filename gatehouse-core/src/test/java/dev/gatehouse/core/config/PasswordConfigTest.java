package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordConfigTest {
    @Test
    void owaspDefaultsAreNineteenMebibytesTwoIterationsOneLane() {
        assertThat(PasswordConfig.owasp()).isEqualTo(new PasswordConfig(19 * 1024, 2, 1));
    }

    @Test
    void boundariesAreAccepted() {
        assertThat(new PasswordConfig(8192, 1, 1).memoryKiB()).isEqualTo(8192);
        assertThat(new PasswordConfig(8192, 100, 64).parallelism()).isEqualTo(64);
    }

    @Test
    void memoryBelowEightMebibytesIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> new PasswordConfig(8191, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argon2 memory: at least 8192 KiB, got 8191");
    }

    @Test
    void iterationsOutsideOneToHundredAreRejected() {
        assertThatThrownBy(() -> new PasswordConfig(8192, 0, 1)).hasMessage("argon2 iterations: 1..100, got 0");
        assertThatThrownBy(() -> new PasswordConfig(8192, 101, 1)).hasMessage("argon2 iterations: 1..100, got 101");
    }

    @Test
    void parallelismOutsideOneToSixtyFourIsRejected() {
        assertThatThrownBy(() -> new PasswordConfig(8192, 1, 0)).hasMessage("argon2 parallelism: 1..64, got 0");
        assertThatThrownBy(() -> new PasswordConfig(8192, 1, 65)).hasMessage("argon2 parallelism: 1..64, got 65");
    }
}

package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "250ms, PT0.25S",
            "90s, PT1M30S",
            "5m, PT5M",
            "8h, PT8H",
            "30d, PT720H",
            "1h30m, PT1H30M",
            "PT5M, PT5M",
            "P30D, PT720H",
            "pt10s, PT10S"})
    void shortAndIsoFormsParse(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m", "5x", "5 m", "-5m", "5m3", "P", "PTxM", "1.5h"})
    void malformedDurationsAreRejected(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.gatehouse.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void controlCharactersBecomeQuestionMarks() {
        assertThat(LogText.printable("alice\r\n2030-01-01 INFO forged\u0000\u001b[31m")).isEqualTo("alice??2030-01-01 INFO forged??[31m");
    }

    @Test
    void longTextIsCutToOneBoundedLine() {
        String printable = LogText.printable("x".repeat(10_000));

        assertThat(printable).hasSize(LogText.MAX_LENGTH + 3).startsWith("xxx").endsWith("...");
    }

    @Test
    void ordinaryTextIsKept() {
        assertThat(LogText.printable("unknown client portal-ü 1")).isEqualTo("unknown client portal-ü 1");
        assertThat(LogText.printable(null)).isNull();
    }
}

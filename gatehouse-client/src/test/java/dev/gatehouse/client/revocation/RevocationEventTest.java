package dev.gatehouse.client.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevocationEventTest {
    private static final Instant ISSUED = Instant.parse("2030-01-01T12:00:00.123456Z");
    private static final Instant EXPIRES = Instant.parse("2030-01-01T12:20:00Z");

    @ParameterizedTest
    @EnumSource(RevocationKind.class)
    void everyKindReadsBackAsWritten(RevocationKind kind) throws ParseException {
        RevocationEvent event = new RevocationEvent(42, kind, "value-1", ISSUED, EXPIRES);

        assertThat(RevocationEvent.parse(event.toJson())).isEqualTo(event);
    }

    @Test
    void anyValueReadsBackAsWritten() throws ParseException {
        RevocationEvent event = new RevocationEvent(Long.MAX_VALUE, RevocationKind.SUBJECT_NOT_BEFORE,
                "\"quoted\" \\ back\nslash </script> \u2028 é \u0001", ISSUED, EXPIRES);

        assertThat(event.toJson()).doesNotContain("\n").doesNotContain("\r");
        assertThat(RevocationEvent.parse(event.toJson())).isEqualTo(event);
    }

    @Test
    void theWireFormIsTheDocumentedOne() {
        RevocationEvent event = new RevocationEvent(7, RevocationKind.JTI, "abc", Instant.parse("2030-01-01T12:00:00Z"), EXPIRES);

        assertThat(event.toJson()).isEqualTo("{\"sequence\":7,\"kind\":\"jti\",\"value\":\"abc\","
                + "\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}");
    }

    @Test
    void membersItDoesNotKnowAreIgnored() throws ParseException {
        RevocationEvent read = RevocationEvent.parse("{\"sequence\":3,\"kind\":\"sid\",\"value\":\"s\",\"reason\":\"logout\","
                + "\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}");

        assertThat(read).isEqualTo(new RevocationEvent(3, RevocationKind.SESSION, "s", Instant.parse("2030-01-01T12:00:00Z"), EXPIRES));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"kind\":\"jti\",\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":0,\"kind\":\"jti\",\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":-1,\"kind\":\"jti\",\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":1.5,\"kind\":\"jti\",\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":\"1\",\"kind\":\"jti\",\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":1,\"kind\":\"a_future_kind\",\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":1,\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":1,\"kind\":\"jti\",\"value\":\"\",\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":1,\"kind\":\"jti\",\"value\":7,\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":1,\"kind\":\"jti\",\"value\":\"a\",\"issued_at\":\"yesterday\",\"expires_at\":\"2030-01-01T12:20:00Z\"}",
            "{\"sequence\":1,\"kind\":\"jti\",\"value\":\"a\",\"issued_at\":\"2030-01-01T12:00:00Z\"}"})
    void anythingElseIsAParseException(String json) {
        assertThatThrownBy(() -> RevocationEvent.parse(json)).isInstanceOf(ParseException.class);
    }
}

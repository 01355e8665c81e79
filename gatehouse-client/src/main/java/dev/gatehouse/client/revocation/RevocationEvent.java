package dev.gatehouse.client.revocation;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the ordered revocation log. {@link #toJson()} is its form on the revocation feed, which the issuer
 * writes and {@link #parse(String)} reads back:
 * {@code {"sequence":7,"kind":"jti","value":"...","issued_at":"2030-01-01T12:00:00Z","expires_at":"2030-01-01T12:20:00Z"}}.
 *
 * @param sequence  gap-free, strictly increasing; followers resume from the last one they saw
 * @param issuedAt  when the revocation happened: SUBJECT_NOT_BEFORE and CLIENT match tokens with
 *                  {@code iat} at or before it
 * @param expiresAt after this no token it matches can still be valid, so verifiers may forget it
 */
public record RevocationEvent(long sequence, RevocationKind kind, String value, Instant issuedAt, Instant expiresAt) {
    private static final String SEQUENCE = "sequence";
    private static final String KIND = "kind";
    private static final String VALUE = "value";
    private static final String ISSUED_AT = "issued_at";
    private static final String EXPIRES_AT = "expires_at";

    /** The event as one line of JSON; times are ISO-8601 instants in UTC. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(SEQUENCE, sequence);
        json.put(KIND, kind.wireName());
        json.put(VALUE, value);
        json.put(ISSUED_AT, issuedAt.toString());
        json.put(EXPIRES_AT, expiresAt.toString());
        return JSONObjectUtils.toJSONString(json);
    }

    /**
     * Reads what {@link #toJson()} writes. Members it does not know are ignored, so an issuer may add some.
     *
     * @throws ParseException when the text is not such an object: the sequence not a positive whole number, the
     *                        kind unknown, the value empty, or a time not an ISO-8601 instant
     */
    public static RevocationEvent parse(String json) throws ParseException {
        Map<String, Object> o = JSONObjectUtils.parse(json);
        if (!(o.get(SEQUENCE) instanceof Long sequence) || sequence <= 0) {
            throw new ParseException(SEQUENCE + ": a positive whole number is required", 0);
        }
        String value = JSONObjectUtils.getString(o, VALUE);
        if (value == null || value.isEmpty()) {
            throw new ParseException(VALUE + ": required", 0);
        }
        RevocationKind kind;
        try {
            kind = RevocationKind.fromWireName(JSONObjectUtils.getString(o, KIND));
        } catch (IllegalArgumentException e) {
            throw new ParseException(KIND + ": " + e.getMessage(), 0);
        }
        return new RevocationEvent(sequence, kind, value, instant(o, ISSUED_AT), instant(o, EXPIRES_AT));
    }

    private static Instant instant(Map<String, Object> o, String name) throws ParseException {
        String text = JSONObjectUtils.getString(o, name);
        if (text == null) {
            throw new ParseException(name + ": required", 0);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParseException(name + ": not an ISO-8601 instant", 0);
        }
    }
}

package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters of admin listings, parsed strictly: a malformed value is a 400 naming the parameter. */
final class QueryParams {
    private QueryParams() {}

    /** The value, or {@code fallback} when absent; must be an integer in {@code min..max}. */
    static int integer(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "expected an integer");
        }
        if (value < min || value > max) {
            throw ProblemException.invalidField(name, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** An ISO-8601 instant such as {@code 2024-05-01T12:00:00Z}, or null when absent. */
    static Instant instant(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "expected an ISO-8601 instant such as 2024-05-01T12:00:00Z");
        }
    }

    /** Free text, or null when absent or empty. */
    static String text(Context ctx, String name, int maxLength) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() > maxLength) {
            throw ProblemException.invalidField(name, "at most " + maxLength + " characters");
        }
        return raw;
    }
}

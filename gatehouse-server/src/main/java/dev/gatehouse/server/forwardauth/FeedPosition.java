package dev.gatehouse.server.forwardauth;

import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;

/** Where a follower resumes: the {@code after} query parameter, else {@code Last-Event-ID}, else 0. */
final class FeedPosition {
    private FeedPosition() {}

    /** @throws ProblemException 400 for anything but a non-negative integer */
    static long after(Context ctx) {
        String query = ctx.queryParam("after");
        if (query != null) {
            return parse(query, "after");
        }
        String header = ctx.header("Last-Event-ID");
        return header == null || header.isBlank() ? 0 : parse(header.trim(), "Last-Event-ID");
    }

    private static long parse(String value, String name) {
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.invalidField(name, "must be a sequence number (a non-negative integer)");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "must be a sequence number (a non-negative integer)");
        }
    }
}

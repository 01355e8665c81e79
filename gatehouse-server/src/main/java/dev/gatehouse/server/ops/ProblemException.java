package dev.gatehouse.server.ops;

import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.store.StoreUnavailableException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ends a non-OAuth request with a problem details response (see {@link Problems}). The message is the
 * public {@code detail}; anything private belongs in the log before throwing.
 */
public final class ProblemException extends RuntimeException {
    /** One invalid request field: {@code field} is its JSON name or path, such as {@code roles[1]}. */
    public record FieldError(String field, String detail) {}

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String detail) {
        super(detail, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail);
    }

    /** 429 for a caller the throttle holds back, with the wait it must keep. */
    public static ProblemException throttled(OAuthException e) {
        return new ProblemException(429, "Too many failed attempts; retry later").header("Retry-After", e.retryAfterHeader());
    }

    /**
     * 503 with the wait before a retry: the answer of every problem-details endpoint while the database cannot be
     * reached or answers too slowly, or the revocation log has not been read recently enough to vouch for a token.
     */
    public static ProblemException unavailable() {
        return new ProblemException(503, "The service is temporarily unavailable; retry later")
                .header("Retry-After", StoreUnavailableException.retryAfterHeader());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail);
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, detail);
    }

    /** A 400 naming the field at fault in the {@code errors} member. */
    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(400, field + ": " + detail).errors(java.util.List.of(new FieldError(field, detail)));
    }

    public ProblemException errors(java.util.List<FieldError> fieldErrors) {
        if (!fieldErrors.isEmpty()) {
            extensions.put("errors", java.util.List.copyOf(fieldErrors));
        }
        return this;
    }

    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ProblemException extension(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public Map<String, Object> extensions() {
        return Collections.unmodifiableMap(extensions);
    }
}

package dev.gatehouse.server.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ends a non-OAuth request with a problem details response (see {@link Problems}). The message is the
 * public {@code detail}; anything private belongs in the log before throwing.
 */
public final class ProblemException extends RuntimeException {
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

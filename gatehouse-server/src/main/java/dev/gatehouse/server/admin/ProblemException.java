package dev.gatehouse.server.admin;

import java.util.List;
import java.util.Map;

/**
 * An admin API failure that already knows its answer; {@link Problems} writes it as RFC 9457 problem details.
 *
 * @param errors  the request fields at fault, each with what is wrong with it; empty when none applies
 * @param headers extra response headers (WWW-Authenticate on 401 and 403)
 */
final class ProblemException extends RuntimeException {
    /** One invalid request field: {@code field} is its JSON name or path, such as {@code roles[1]}. */
    record FieldError(String field, String detail) {}

    private final int status;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    ProblemException(int status, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail, List.of(), Map.of());
    }

    static ProblemException invalidField(String field, String detail) {
        return new ProblemException(400, field + ": " + detail, List.of(new FieldError(field, detail)), Map.of());
    }

    static ProblemException notFound(String detail) {
        return new ProblemException(404, detail, List.of(), Map.of());
    }

    static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, detail, List.of(), Map.of());
    }

    int status() {
        return status;
    }

    List<FieldError> errors() {
        return errors;
    }

    Map<String, String> headers() {
        return headers;
    }
}

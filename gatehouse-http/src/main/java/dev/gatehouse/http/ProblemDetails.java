package dev.gatehouse.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * RFC 9457 problem details, the body of every error outside the OAuth endpoints, for the issuer and the gateway
 * alike. The type is {@code about:blank}, so the title is the status phrase (RFC 9457 4.2.1) and {@code detail}
 * says what went wrong in terms the caller can act on, never an internal reason.
 */
public final class ProblemDetails {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemDetails() {}

    /** @param extensions extra members (RFC 9457 3.2); they must not shadow the standard ones */
    public static String body(int status, String detail, Map<String, ?> extensions) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status);
        if (detail != null) {
            problem.put("detail", detail);
        }
        extensions.forEach((name, value) -> {
            if (problem.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("problem extension shadows a standard member: " + name);
            }
        });
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem details not serialisable", e);
        }
    }

    private static String title(int status) {
        if (status == 500) {
            return "Internal Server Error";
        }
        String reason = HttpStatus.getMessage(status);
        return reason == null || reason.isEmpty() ? "Error" : reason;
    }
}

package dev.gatehouse.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.client.Decision;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's own answers: RFC 9457 problem details for routing and upstream failures, RFC 6750 error JSON
 * for refused tokens (the same shape as the issuer's verify endpoint), and plain JSON for its endpoints.
 */
final class Answers {
    static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {}

    static void problem(Response response, Callback callback, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        write(response, callback, status, PROBLEM_JSON, json(body));
    }

    /** Writes a refusal from the Gate: its status and challenge, no caching, and Retry-After for 503. */
    static void denied(Response response, Callback callback, Decision.Denied denied) {
        if (denied.wwwAuthenticate() != null) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, denied.wwwAuthenticate());
        }
        if (denied.status() == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (denied.error() != null) {
            body.put("error", denied.error());
        }
        body.put("error_description", denied.description());
        write(response, callback, denied.status(), "application/json", json(body));
    }

    static void json(Response response, Callback callback, int status, Map<String, ?> body) {
        write(response, callback, status, "application/json", json(body));
    }

    static void write(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
    }

    private static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer not serialisable", e);
        }
    }

    private static String title(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "Error" : reason;
    }
}

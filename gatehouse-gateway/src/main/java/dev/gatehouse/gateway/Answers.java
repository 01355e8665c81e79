package dev.gatehouse.gateway;

import dev.gatehouse.http.ProblemDetails;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.client.Decision;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's own answers: RFC 9457 problem details for routing and upstream failures, RFC 6750 error JSON
 * for refused tokens (the same shape as the issuer's verify endpoint), and plain JSON for its endpoints.
 */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {}

    static void problem(Response response, Callback callback, int status, String detail) {
        write(response, callback, status, ProblemDetails.MEDIA_TYPE, ProblemDetails.body(status, detail, Map.of()));
    }

    /** Writes a refusal from the Gate, with the headers and body it prescribes. */
    static void denied(Response response, Callback callback, Decision.Denied denied) {
        denied.headers().forEach(response.getHeaders()::put);
        write(response, callback, denied.status(), "application/json", denied.jsonBody());
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
}

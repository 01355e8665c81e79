package dev.gatehouse.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Problem details for the errors Jetty answers itself, before a request reaches the application: a malformed
 * request line, an illegal header, oversized headers. Jetty's message is not echoed.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, body(code), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return body(status);
    }

    private static ByteBuffer body(int status) {
        String detail = switch (status) {
            case 400 -> "Malformed HTTP request";
            case 413 -> "Request too large";
            case 431 -> "Request headers too large";
            default -> null;
        };
        int code = status >= 400 && status <= 599 ? status : 500;
        return ByteBuffer.wrap(ProblemDetails.body(code, detail, Map.of()).getBytes(StandardCharsets.UTF_8));
    }
}

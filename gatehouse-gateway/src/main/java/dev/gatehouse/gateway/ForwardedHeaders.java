package dev.gatehouse.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The de-facto {@code X-Forwarded-*} headers for one hop, sent next to the RFC 7239 {@code Forwarded} header that
 * Jetty's proxy writes, for services that only read the older ones. Used for HTTP and WebSocket handshakes alike.
 */
final class ForwardedHeaders {
    private ForwardedHeaders() {}

    static Map<String, String> of(Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Forwarded-For", Request.getRemoteAddr(request));
        headers.put("X-Forwarded-Proto", request.isSecure() ? "https" : "http");
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null) {
            headers.put("X-Forwarded-Host", host);
        }
        return headers;
    }
}

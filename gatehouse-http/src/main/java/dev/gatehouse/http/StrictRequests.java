package dev.gatehouse.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request meets before the application (issuer or gateway), on top of Jetty's strict parser:
 * <ul>
 *   <li>more header fields than the limit: 431;</li>
 *   <li>a transfer coding other than {@code chunked} alone ({@code gzip, chunked}, {@code identity, chunked}):
 *       501 (RFC 9112 6.1), so that no hop reads a body framed differently from another;</li>
 *   <li>method-override headers ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override})
 *       are removed: the request line's method is the only one, for this server and for any upstream.</li>
 * </ul>
 * A refused request's connection is closed, since its body is not read.
 */
public final class StrictRequests extends Handler.Wrapper {
    /** Headers some frameworks read as the method instead of the request line's. */
    public static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");
    private static final Logger LOG = LoggerFactory.getLogger(StrictRequests.class);

    private final int maxHeaderCount;

    public StrictRequests(int maxHeaderCount) {
        this.maxHeaderCount = maxHeaderCount;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        if (headers.size() > maxHeaderCount) {
            return refuse(response, callback, 431, "More than " + maxHeaderCount + " request header fields");
        }
        List<String> codings = headers.getCSV(HttpHeader.TRANSFER_ENCODING, false);
        if (!codings.isEmpty() && !(codings.size() == 1 && HttpHeaderValue.CHUNKED.is(codings.get(0)))) {
            return refuse(response, callback, 501, "The only transfer coding accepted is chunked");
        }
        if (METHOD_OVERRIDES.stream().anyMatch(headers::contains)) {
            HttpFields.Mutable kept = HttpFields.build(headers);
            METHOD_OVERRIDES.forEach(kept::remove);
            HttpFields without = kept.asImmutable();
            request = new Request.Wrapper(request) {
                @Override
                public HttpFields getHeaders() {
                    return without;
                }
            };
        }
        return super.handle(request, response, callback);
    }

    private static boolean refuse(Response response, Callback callback, int status, String detail) {
        LOG.debug("request refused with {}: {}", status, detail);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        byte[] body = ProblemDetails.body(status, detail, Map.of()).getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}

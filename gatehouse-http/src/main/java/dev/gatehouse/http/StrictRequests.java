package dev.gatehouse.http;

import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * What every request meets before the application (issuer or gateway), on top of Jetty's strict parser:
 * <ul>
 *   <li>more header fields than the limit: 431;</li>
 *   <li>a transfer coding other than {@code chunked} alone ({@code gzip, chunked}, {@code identity, chunked}):
 *       501 (RFC 9112 6.1), so that no hop reads a body framed differently from another;</li>
 *   <li>method-override headers ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override})
 *       are removed: the request line's method is the only one, for this server and for any upstream.</li>
 * </ul>
 * A refusal is thrown as an {@link HttpException}, which Jetty answers through the server's error handler
 * (problem details); the connection then closes, since the body is not read as sent.
 */
public final class StrictRequests implements HttpConfiguration.Customizer {
    /** Headers some frameworks read as the method instead of the request line's. */
    public static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private final int maxHeaderCount;

    public StrictRequests(int maxHeaderCount) {
        this.maxHeaderCount = maxHeaderCount;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        HttpFields headers = request.getHeaders();
        if (headers.size() > maxHeaderCount) {
            throw refusal(request, 431, "More than " + maxHeaderCount + " request header fields");
        }
        List<String> codings = headers.getCSV(HttpHeader.TRANSFER_ENCODING, false);
        if (!codings.isEmpty() && !(codings.size() == 1 && HttpHeaderValue.CHUNKED.is(codings.get(0)))) {
            throw refusal(request, 501, "The only transfer coding accepted is chunked");
        }
        if (!hasMethodOverride(headers)) {
            return request;
        }
        HttpFields.Mutable kept = HttpFields.build(headers);
        METHOD_OVERRIDES.forEach(kept::remove);
        HttpFields without = kept.asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return without;
            }
        };
    }

    /** A plain loop: this runs for every request at both listeners. */
    private static boolean hasMethodOverride(HttpFields headers) {
        for (String name : METHOD_OVERRIDES) {
            if (headers.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The refusal to throw; the connection closes once it is answered, since the body was not read as sent. */
    private static HttpException.RuntimeException refusal(Request request, int status, String reason) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        Request.addCompletionListener(request, failure -> endPoint.close());
        return new HttpException.RuntimeException(status, reason);
    }
}

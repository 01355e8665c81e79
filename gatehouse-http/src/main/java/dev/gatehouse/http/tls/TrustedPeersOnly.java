package dev.gatehouse.http.tls;

import dev.gatehouse.http.ProblemDetails;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a plain-HTTP listener that exists only for a TLS-terminating proxy: a request whose TCP peer is not a
 * trusted proxy is answered 403 (problem details) and never reaches the application, so that no token
 * travels in clear text past the proxy.
 */
final class TrustedPeersOnly extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(TrustedPeersOnly.class);
    private static final String BODY = ProblemDetails.body(403,
            "Plain HTTP is accepted only from the trusted TLS-terminating proxies; use https", Map.of());

    private final TrustedProxies proxies;
    private final Connector guarded;

    /** @param guarded the listener whose requests are checked; another one (management) is not */
    TrustedPeersOnly(TrustedProxies proxies, Connector guarded) {
        this.proxies = proxies;
        this.guarded = guarded;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() != guarded
                || proxies.trusts(TrustedForwardedCustomizer.tcpPeer(request))) {
            return super.handle(request, response, callback);
        }
        LOG.debug("plain HTTP request from {} refused: not a trusted proxy", TrustedForwardedCustomizer.tcpPeer(request));
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(BODY.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}

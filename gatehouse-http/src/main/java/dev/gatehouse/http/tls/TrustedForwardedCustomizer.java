package dev.gatehouse.http.tls;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's {@link ForwardedRequestCustomizer}, applied only to requests whose TCP peer is a trusted proxy, and
 * only to the {@code X-Forwarded-*} headers that proxies (nginx, Envoy, Traefik, cloud load balancers) write.
 * Jetty's customizer believes every peer, takes the left-most {@code X-Forwarded-For} entry (which the client
 * itself wrote), prefers an RFC 7239 {@code Forwarded} header that such proxies pass through untouched from the
 * client, and lets headers like {@code X-Proxied-Https} mark a request secure. So before handing it the
 * headers this keeps only what the nearest trusted proxy vouches for: from {@code X-Forwarded-For}, reading
 * the chain from the right, the first address that is not a trusted proxy (the client as the outermost
 * trusted proxy saw it); from {@code X-Forwarded-Proto}, {@code -Host} and {@code -Port}, the right-most
 * value; and nothing else. From any other peer the forwarding headers are ignored and the request keeps its
 * socket address and scheme.
 */
final class TrustedForwardedCustomizer implements HttpConfiguration.Customizer {
    private final TrustedProxies proxies;
    /** Headers Jetty's customizer would read that no proxy in front of Gatehouse is expected to write. */
    private static final List<String> UNVOUCHED = List.of(HttpHeader.FORWARDED.asString(), "X-Proxied-Https",
            "Proxy-auth-cert", "Proxy-ssl-id", HttpHeader.X_FORWARDED_SERVER.asString());
    /** Single-valued forwarding headers: the right-most value is the one the nearest proxy wrote. */
    private static final List<HttpHeader> NEAREST_VALUE = List.of(HttpHeader.X_FORWARDED_PROTO,
            HttpHeader.X_FORWARDED_HOST, HttpHeader.X_FORWARDED_PORT);

    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    TrustedForwardedCustomizer(TrustedProxies proxies) {
        this.proxies = proxies;
        forwarded.setSslIsSecure(false);
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (!proxies.trusts(tcpPeer(request))) {
            return request;
        }
        HttpFields headers = clientHopOnly(request.getHeaders());
        return forwarded.customize(new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        }, responseHeaders);
    }

    /** The address at the other end of the connection, whatever forwarding headers say. */
    static SocketAddress tcpPeer(Request request) {
        return request.getConnectionMetaData().getConnection().getEndPoint().getRemoteSocketAddress();
    }

    private HttpFields clientHopOnly(HttpFields original) {
        HttpFields.Mutable headers = HttpFields.build(original);
        UNVOUCHED.forEach(headers::remove);
        List<String> xff = split(original.getValuesList(HttpHeader.X_FORWARDED_FOR));
        if (xff.size() > 1) {
            headers.put(HttpHeader.X_FORWARDED_FOR, clientHop(xff));
        }
        for (HttpHeader name : NEAREST_VALUE) {
            List<String> values = split(original.getValuesList(name));
            if (values.size() > 1) {
                headers.put(name, values.getLast());
            }
        }
        return headers;
    }

    private String clientHop(List<String> hops) {
        for (int i = hops.size() - 1; i > 0; i--) {
            if (!proxies.trustsHop(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.getFirst();
    }

    private static List<String> split(List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(parts::add);
        }
        return parts;
    }
}

package dev.gatehouse.http.tls;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's {@link ForwardedRequestCustomizer}, applied only to requests whose TCP peer is a trusted proxy.
 * Jetty's customizer believes every peer and takes the left-most {@code X-Forwarded-For} entry, which the
 * client itself wrote; so before handing it the headers this keeps only the hop that matters: reading the
 * chain from the right, the first address that is not a trusted proxy (the client as the outermost
 * trusted proxy saw it). The same is done for the elements of RFC 7239 {@code Forwarded}. From any other
 * peer the forwarding headers are ignored and the request keeps its socket address and scheme.
 */
final class TrustedForwardedCustomizer implements HttpConfiguration.Customizer {
    private final TrustedProxies proxies;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    TrustedForwardedCustomizer(TrustedProxies proxies) {
        this.proxies = proxies;
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
        List<String> xff = split(original.getValuesList(HttpHeader.X_FORWARDED_FOR));
        List<String> forwardedElements = split(original.getValuesList(HttpHeader.FORWARDED));
        if (xff.size() <= 1 && forwardedElements.size() <= 1) {
            return original;
        }
        HttpFields.Mutable headers = HttpFields.build(original);
        if (xff.size() > 1) {
            headers.put(HttpHeader.X_FORWARDED_FOR, clientHop(xff, hop -> hop));
        }
        if (forwardedElements.size() > 1) {
            headers.put(HttpHeader.FORWARDED, clientHop(forwardedElements, TrustedForwardedCustomizer::forParameter));
        }
        return headers;
    }

    private String clientHop(List<String> hops, java.util.function.UnaryOperator<String> address) {
        for (int i = hops.size() - 1; i > 0; i--) {
            if (!proxies.trustsHop(address.apply(hops.get(i)))) {
                return hops.get(i);
            }
        }
        return hops.getFirst();
    }

    private static String forParameter(String element) {
        for (String pair : element.split(";")) {
            String p = pair.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                return p.substring(4);
            }
        }
        return "";
    }

    private static List<String> split(List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(parts::add);
        }
        return parts;
    }
}

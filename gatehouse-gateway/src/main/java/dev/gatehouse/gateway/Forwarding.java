package dev.gatehouse.gateway;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.URIUtil;

/**
 * What the gateway decided about one request, kept as a request attribute for the proxy: the route, the
 * identity headers to add (empty for public routes), and the canonical path that was matched.
 */
record Forwarding(Route route, Map<String, String> identity, String path) {
    static final String ATTRIBUTE = Forwarding.class.getName();
    private static final String HEX = "0123456789abcdefABCDEF";

    static Forwarding of(Request request) {
        return (Forwarding) request.getAttribute(ATTRIBUTE);
    }

    void attachTo(Request request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /**
     * Whether every {@code %} in {@code rawQuery} starts a two-digit escape. Jetty accepts {@code q=100%} from a caller,
     * but its client decodes what it sends and cannot forward it.
     */
    static boolean hasValidEscapes(String rawQuery) {
        if (rawQuery == null) {
            return true;
        }
        for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 1)) {
            if (i + 2 >= rawQuery.length() || HEX.indexOf(rawQuery.charAt(i + 1)) < 0
                    || HEX.indexOf(rawQuery.charAt(i + 2)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The upstream target: the route's upstream, its base path, the matched path (minus the prefix when stripped),
     * and the query. The path is the canonical one that was matched (dot segments resolved, path parameters
     * removed), decoded and encoded again, so it is encoded exactly once and an upstream sees the path the routing
     * decision was made on ({@code /public/../admin} cannot reach {@code /admin}). The query is passed on as the
     * caller sent it, byte for byte; {@code java.net.URI} would refuse some queries Jetty accepts ({@code q=100%}).
     */
    HttpURI upstreamTarget(String rawQuery, boolean websocket) {
        String rest = path;
        if (route.stripPrefix() && !route.pathPrefix().equals("/")) {
            rest = path.substring(route.pathPrefix().length());
        }
        URI base = route.upstream();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String joined = basePath + URIUtil.encodePath(URIUtil.decodePath(rest));
        if (joined.isEmpty()) {
            joined = "/";
        } else if (!joined.startsWith("/")) {
            joined = "/" + joined;
        }
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        if (websocket) {
            scheme = scheme.equals("https") ? "wss" : "ws";
        }
        return HttpURI.build(scheme + "://" + base.getRawAuthority() + joined + (rawQuery == null ? "" : "?" + rawQuery))
                .asImmutable();
    }
}

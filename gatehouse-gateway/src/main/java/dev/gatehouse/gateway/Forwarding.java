package dev.gatehouse.gateway;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.URIUtil;

/**
 * What the gateway decided about one request, kept as a request attribute for the proxy: the route, the
 * identity headers to add (empty for public routes), and the normalised path that was matched.
 */
record Forwarding(Route route, Map<String, String> identity, String path) {
    static final String ATTRIBUTE = Forwarding.class.getName();

    static Forwarding of(Request request) {
        return (Forwarding) request.getAttribute(ATTRIBUTE);
    }

    void attachTo(Request request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /**
     * The upstream URI: the route's upstream, its base path, the matched path (minus the prefix when stripped),
     * and the query. The path is the decoded, normalised one that was matched, encoded again, so an upstream sees
     * exactly the path the routing decision was made on ({@code /public/../admin} cannot reach {@code /admin}).
     */
    URI upstreamUri(String rawQuery, boolean websocket) {
        String rest = path;
        if (route.stripPrefix() && !route.pathPrefix().equals("/")) {
            rest = path.substring(route.pathPrefix().length());
        }
        URI base = route.upstream();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String joined = basePath + URIUtil.encodePath(rest);
        if (joined.isEmpty()) {
            joined = "/";
        } else if (!joined.startsWith("/")) {
            joined = "/" + joined;
        }
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        if (websocket) {
            scheme = scheme.equals("https") ? "wss" : "ws";
        }
        String authority = base.getRawAuthority();
        return URI.create(scheme + "://" + authority + joined + (rawQuery == null ? "" : "?" + rawQuery));
    }
}

package dev.gatehouse.gateway;

import dev.gatehouse.client.AccessPolicy;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One upstream service behind the gateway.
 *
 * @param host         the Host the route answers for: exact ({@code api.example.com}), a wildcard for one or more
 *                     labels ({@code *.example.com}), or null for any host
 * @param pathPrefix   a path starting with {@code /}; matches itself and anything below it on segment boundaries;
 *                     written unencoded, without characters that stay percent-encoded in a request's canonical
 *                     path (space, {@code %}, {@code ;}, {@code |}, ...)
 * @param upstream     http or https URI of the service, optionally with a base path
 * @param isPublic     forwarded without a token check (identity headers are still stripped)
 * @param audience     the audience tokens must carry; required unless the route is public
 * @param scopes       scopes tokens must carry (all of them)
 * @param roles        roles tokens must carry (all of them)
 * @param stripPrefix  remove {@code pathPrefix} from the path sent upstream
 * @param preserveHost send the caller's Host upstream instead of the upstream's own authority
 */
public record Route(String host, String pathPrefix, URI upstream, boolean isPublic, String audience,
                    Set<String> scopes, Set<String> roles, boolean stripPrefix, boolean preserveHost) {
    /** Paths under this prefix belong to the gateway itself and are never forwarded. */
    public static final String RESERVED_PREFIX = "/__gatehouse";
    /** Besides ASCII letters and digits, the characters a canonical request path carries unencoded. */
    private static final String PATH_CHARACTERS = "-._~!$&'()*+,=:@/";

    public Route {
        String where = "route " + pathPrefix;
        host = host == null || host.isBlank() ? null : host.trim().toLowerCase(Locale.ROOT);
        if (host != null && !host.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException(where + ": host: an exact host name or *.domain, got \"" + host + "\"");
        }
        if (pathPrefix == null || !pathPrefix.startsWith("/") || pathPrefix.contains("//") || pathPrefix.contains("?")
                || pathPrefix.contains("#") || pathPrefix.matches(".*(^|/)\\.\\.?(/|$).*")) {
            throw new IllegalArgumentException("route: path: a path starting with / without . or .. segments, ? or #, got \""
                    + pathPrefix + "\"");
        }
        if (pathPrefix.length() > 1 && pathPrefix.endsWith("/")) {
            pathPrefix = pathPrefix.substring(0, pathPrefix.length() - 1);
        }
        where = "route " + pathPrefix;
        for (char c : pathPrefix.toCharArray()) {
            // requests are matched on their canonical path, where these stay percent-encoded (or, like ';', are cut)
            boolean plain = c < 0x80 ? Character.isLetterOrDigit(c) || PATH_CHARACTERS.indexOf(c) >= 0 : !Character.isISOControl(c);
            if (!plain) {
                throw new IllegalArgumentException(where + ": path: no request path can match \"" + c + "\"; a route path "
                        + "holds letters, digits and " + PATH_CHARACTERS + " only, written unencoded");
            }
        }
        if (pathPrefix.equals(RESERVED_PREFIX) || pathPrefix.startsWith(RESERVED_PREFIX + "/")) {
            throw new IllegalArgumentException(where + ": path: " + RESERVED_PREFIX + " is reserved for the gateway");
        }
        if (upstream == null || upstream.getScheme() == null
                || !Set.of("http", "https").contains(upstream.getScheme().toLowerCase(Locale.ROOT))
                || upstream.getHost() == null || upstream.getRawQuery() != null || upstream.getRawFragment() != null
                || upstream.getRawUserInfo() != null) {
            throw new IllegalArgumentException(where + ": upstream: an http or https URI with a host and no query, "
                    + "fragment or user info, got \"" + upstream + "\"");
        }
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        audience = audience == null || audience.isBlank() ? null : audience.trim();
        if (isPublic && (audience != null || !scopes.isEmpty() || !roles.isEmpty())) {
            throw new IllegalArgumentException(where + ": a public route takes no audience, scopes or roles");
        }
        if (!isPublic && audience == null) {
            throw new IllegalArgumentException(where + ": audience: required unless the route is public");
        }
    }

    /** A public route: no token needed. */
    public static Route open(String host, String pathPrefix, URI upstream) {
        return new Route(host, pathPrefix, upstream, true, null, Set.of(), Set.of(), false, false);
    }

    /** A protected route demanding {@code audience}. */
    public static Route guarded(String host, String pathPrefix, URI upstream, String audience) {
        return new Route(host, pathPrefix, upstream, false, audience, Set.of(), Set.of(), false, false);
    }

    public Route withScopes(String... values) {
        return new Route(host, pathPrefix, upstream, isPublic, audience, Set.of(values), roles, stripPrefix, preserveHost);
    }

    public Route withRoles(String... values) {
        return new Route(host, pathPrefix, upstream, isPublic, audience, scopes, Set.of(values), stripPrefix, preserveHost);
    }

    public Route strippingPrefix() {
        return new Route(host, pathPrefix, upstream, isPublic, audience, scopes, roles, true, preserveHost);
    }

    public Route preservingHost() {
        return new Route(host, pathPrefix, upstream, isPublic, audience, scopes, roles, stripPrefix, true);
    }

    /** The policy a token must satisfy; empty for public routes. */
    public Optional<AccessPolicy> policy() {
        return isPublic ? Optional.empty() : Optional.of(new AccessPolicy(Set.of(audience), scopes, roles));
    }

    /** A short stable name for logs and metrics. */
    public String name() {
        return (host == null ? "" : host) + pathPrefix;
    }

    boolean matchesPath(String path) {
        return pathPrefix.equals("/") || path.equals(pathPrefix) || path.startsWith(pathPrefix + "/");
    }

    /** 2 for an exact host match, 1 for a wildcard match, 0 for a route without host, -1 for no match. */
    int hostRank(String requestHost) {
        if (host == null) {
            return 0;
        }
        if (requestHost == null) {
            return -1;
        }
        if (host.startsWith("*.")) {
            return requestHost.endsWith(host.substring(1)) && requestHost.length() > host.length() - 1 ? 1 : -1;
        }
        return host.equals(requestHost) ? 2 : -1;
    }
}

package dev.gatehouse.gateway;

import dev.gatehouse.client.AccessPolicy;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Picks the route for a request: best host match first (exact, then wildcard, then none), then longest path prefix. */
final class Router {
    private final List<Route> routes;
    /** Each protected route's policy, built once here rather than on every request. */
    private final Map<Route, AccessPolicy> policies = new IdentityHashMap<>();

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.routes.forEach(r -> r.policy().ifPresent(p -> policies.put(r, p)));
    }

    /** What {@code route} (one of this router's) demands of a token; empty for a public route. */
    Optional<AccessPolicy> policy(Route route) {
        return Optional.ofNullable(policies.get(route));
    }

    /**
     * @param host the request's host without port (any case), or null
     * @param path the request's canonical path: dot segments resolved, path parameters removed, unreserved and
     *             non-ASCII characters decoded, others still percent-encoded
     */
    Optional<Route> match(String host, String path) {
        String h = host == null ? null : host.toLowerCase(Locale.ROOT);
        Route best = null;
        int bestRank = -1;
        for (Route r : routes) {
            int rank = r.hostRank(h);
            if (rank < 0 || !r.matchesPath(path)) {
                continue;
            }
            if (rank > bestRank || (rank == bestRank && r.pathPrefix().length() > best.pathPrefix().length())) {
                best = r;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }
}

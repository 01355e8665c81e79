package dev.gatehouse.server.oauth;

import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.OAuthClient;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-origin calls from browser applications (single-page apps with oidc-client-ts and the like). Discovery and
 * the key set are public documents, readable from any origin. The token, revocation, PAR and userinfo endpoints
 * answer the origins of registered redirect URIs only (a loopback one on any port, as RFC 8252 7.3 allows its
 * redirects), never with credentials: these calls carry tokens, not cookies.
 */
final class Cors {
    private static final Logger LOG = LoggerFactory.getLogger(Cors.class);
    /** How long a registration change may take to reach the origins answered. */
    static final Duration SNAPSHOT_AGE = Duration.ofSeconds(10);
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");

    private final ClientStore clients;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Set.of(), Set.of(), Instant.MIN);

    private record Snapshot(Set<String> origins, Set<String> loopbackHosts, Instant takenAt) {}

    Cors(ClientStore clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /** The handler, answering a registered client origin. */
    Handler forClients(Handler handler) {
        return ctx -> {
            allowClientOrigin(ctx);
            handler.handle(ctx);
        };
    }

    /** The handler, answering every origin. */
    static Handler forAnyone(Handler handler) {
        return ctx -> {
            if (ctx.header("Origin") != null) {
                ctx.header("Access-Control-Allow-Origin", "*");
            }
            handler.handle(ctx);
        };
    }

    /** The answer to a preflight request of a client origin. */
    void clientPreflight(Context ctx) {
        if (allowClientOrigin(ctx)) {
            preflightHeaders(ctx);
        }
        ctx.status(204);
    }

    static void publicPreflight(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        preflightHeaders(ctx);
        ctx.status(204);
    }

    private static void preflightHeaders(Context ctx) {
        ctx.header("Access-Control-Allow-Methods", "GET, POST");
        ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        ctx.header("Access-Control-Max-Age", "600");
    }

    private boolean allowClientOrigin(Context ctx) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null || !registered(origin)) {
            return false;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        return true;
    }

    boolean registered(String origin) {
        Snapshot current = current();
        if (current.origins().contains(origin)) {
            return true;
        }
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawPath().isEmpty()
                && uri.getRawQuery() == null && current.loopbackHosts().contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (now.isBefore(current.takenAt().plus(SNAPSHOT_AGE))) {
            return current;
        }
        try {
            Set<String> origins = new HashSet<>();
            Set<String> loopback = new HashSet<>();
            for (OAuthClient client : clients.list()) {
                for (URI redirect : client.redirectUris()) {
                    String scheme = redirect.getScheme() == null ? "" : redirect.getScheme().toLowerCase(Locale.ROOT);
                    if (redirect.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                        continue;
                    }
                    if (scheme.equals("http") && LOOPBACK.contains(redirect.getHost().toLowerCase(Locale.ROOT))) {
                        loopback.add(redirect.getHost().toLowerCase(Locale.ROOT));
                    }
                    origins.add(scheme + "://" + redirect.getRawAuthority());
                }
            }
            current = new Snapshot(Set.copyOf(origins), Set.copyOf(loopback), now);
            snapshot = current;
        } catch (RuntimeException e) {
            LOG.debug("client origins not refreshed: {}", e.toString());
        }
        return current;
    }
}

package dev.gatehouse.gateway;

import dev.gatehouse.client.AccessPolicy;
import dev.gatehouse.client.Decision;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.IdentityHeaders;
import dev.gatehouse.client.servlet.UnreadBody;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each request: the gateway's own endpoints under {@value Route#RESERVED_PREFIX}, then the route, then the
 * token check for protected routes, then forwarding (HTTP through {@link UpstreamProxy}, WebSocket upgrades through
 * {@link WebSocketBridge}).
 */
final class GatewayHandler extends Handler.Abstract {
    static final String HEALTH = Route.RESERVED_PREFIX + "/health/";
    static final String LIVE = HEALTH + "live";
    static final String READY = HEALTH + "ready";
    static final String METRICS = Route.RESERVED_PREFIX + "/metrics";
    static final int DRAINED_BODY_LIMIT = UnreadBody.REFUSAL_LIMIT;
    /** What a 405 to CONNECT lists in Allow: every other method is forwarded, these are the common ones. */
    private static final String FORWARDED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);

    private final Router router;
    private final Gate gate;
    private final Supplier<GatewayHealth> health;
    private final GatewayMetrics metrics;
    private final UpstreamProxy proxy;
    private final WebSocketBridge websockets;

    GatewayHandler(Router router, Gate gate, Supplier<GatewayHealth> health, GatewayMetrics metrics, UpstreamProxy proxy,
                   WebSocketBridge websockets) {
        this.router = router;
        this.gate = gate;
        this.health = health;
        this.metrics = metrics;
        this.proxy = proxy;
        this.websockets = websockets;
        addBean(proxy);
        addBean(websockets);
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        proxy.setServer(server);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (HttpMethod.CONNECT.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, FORWARDED_METHODS);
            refuse(request, response, callback, GatewayMetrics.NO_ROUTE_NAME, GatewayMetrics.BAD_REQUEST, 405,
                    "The gateway does not open tunnels");
            return true;
        }
        String target = request.getHttpURI().getPath();
        if (target == null || !target.startsWith("/")) {
            // RFC 9112 3.2: only the origin form (and the absolute form, whose path Jetty gives) names a path to route
            refuse(request, response, callback, GatewayMetrics.NO_ROUTE_NAME, GatewayMetrics.BAD_REQUEST, 400,
                    "The request target is not a path");
            return true;
        }
        String path = Request.getPathInContext(request);
        if (path.equals(Route.RESERVED_PREFIX) || path.startsWith(Route.RESERVED_PREFIX + "/")) {
            afterBody(request, response, () -> own(path, response, callback));
            return true;
        }
        Optional<Route> match = router.match(Request.getServerName(request), path);
        if (match.isEmpty()) {
            refuse(request, response, callback, GatewayMetrics.NO_ROUTE_NAME, GatewayMetrics.NO_ROUTE, 404,
                    "No route for this host and path");
            return true;
        }
        Route route = match.get();
        if (!Forwarding.hasValidEscapes(request.getHttpURI().getQuery())) {
            refuse(request, response, callback, route.name(), GatewayMetrics.BAD_REQUEST, 400,
                    "The query has a '%' that does not start a percent-encoded byte");
            return true;
        }
        Map<String, String> identity = Map.of();
        Optional<AccessPolicy> policy = router.policy(route);
        if (policy.isPresent()) {
            Decision decision = gate.checkHeaders(request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION), policy.get());
            if (decision instanceof Decision.Denied denied) {
                metrics.denied(route.name(), denied.status());
                afterBody(request, response, () -> Answers.denied(response, callback, denied));
                return true;
            }
            identity = IdentityHeaders.of(((Decision.Allowed) decision).token());
        }
        Forwarding forwarding = new Forwarding(route, identity, path);
        forwarding.attachTo(request);
        if (WebSocketBridge.isUpgrade(request)) {
            if (!websockets.bridge(forwarding, request, response, callback)) {
                refuse(request, response, callback, route.name(), GatewayMetrics.BAD_REQUEST, 400, "Not a valid WebSocket upgrade");
            }
            return true;
        }
        return proxy.handle(request, response, callback);
    }

    /** Counts a request the gateway answers itself with problem details, and answers it once its body is read. */
    private void refuse(Request request, Response response, Callback callback, String route, String outcome, int status,
                        String detail) {
        metrics.request(route, outcome);
        afterBody(request, response, () -> Answers.problem(response, callback, status, detail));
    }

    /**
     * Answers once the caller's request body is read and dropped, up to {@value #DRAINED_BODY_LIMIT} bytes. An answer
     * sent while the caller is still sending makes Jetty close the connection, and a caller whose unsent body meets
     * a closed socket may get a TCP reset instead of the answer (RFC 9112, section 9.6). Larger bodies are not
     * waited for: the answer goes out at once, says {@code Connection: close}, and the connection closes.
     */
    private static void afterBody(Request request, Response response, Runnable answer) {
        long declared = request.getLength();
        boolean body = declared > 0 || (declared < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
        if (!body) {
            answer.run();
            return;
        }
        if (declared > DRAINED_BODY_LIMIT) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            answer.run();
            return;
        }
        Content.Source.asByteArrayAsync(request, DRAINED_BODY_LIMIT).whenComplete((bytes, failure) -> answer.run());
    }

    private void own(String path, Response response, Callback callback) {
        switch (path) {
            case LIVE -> Answers.json(response, callback, 200, Map.of("status", "UP"));
            case READY -> ready(response, callback);
            case METRICS -> Answers.write(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape());
            default -> Answers.problem(response, callback, 404, "No such gateway endpoint");
        }
    }

    private void ready(Response response, Callback callback) {
        GatewayHealth h;
        try {
            h = health.get();
        } catch (RuntimeException e) {
            log.warn("health source failed: {}", e.toString());
            h = GatewayHealth.notReady(Map.of("error", "health source failed"));
        }
        if (h == null) {
            h = GatewayHealth.notReady(Map.of("error", "health source gave no answer"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", h.ready() ? "UP" : "DOWN");
        body.put("detail", h.detail());
        if (!h.ready()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        Answers.json(response, callback, h.ready() ? 200 : 503, body);
    }
}

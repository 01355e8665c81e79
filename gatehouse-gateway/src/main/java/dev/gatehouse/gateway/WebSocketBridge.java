package dev.gatehouse.gateway;

import dev.gatehouse.client.StrippedHeaders;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges a WebSocket from a caller to the route's upstream: the upstream connection is opened first (with the
 * identity and forwarding headers on its handshake), and only when it is accepted is the caller's connection
 * upgraded; then text, binary and close frames pass both ways. Each side reads its next message only after the
 * previous one was handed to the other side, so a slow reader slows its writer instead of filling memory.
 */
final class WebSocketBridge extends ContainerLifeCycle {
    /** Largest text or binary message passed through whole. */
    static final long MAX_MESSAGE_BYTES = 1024 * 1024;
    /**
     * Upstream handshakes waited for at once. Each holds a request thread for up to the connect and response
     * timeouts, so upstreams that never answer could otherwise take every thread of the gateway.
     */
    static final int MAX_PENDING_HANDSHAKES = 32;
    private static final Logger log = LoggerFactory.getLogger(WebSocketBridge.class);

    private final ServerWebSocketContainer server;
    private final WebSocketClient client;
    private final Timeouts timeouts;
    private final GatewayMetrics metrics;
    private final StrippedHeaders stripped;
    private final Semaphore handshakes = new Semaphore(MAX_PENDING_HANDSHAKES);

    WebSocketBridge(ServerWebSocketContainer server, Timeouts timeouts, SslContextFactory.Client tls,
                    GatewayMetrics metrics, StrippedHeaders stripped) {
        this.server = server;
        this.timeouts = timeouts;
        this.metrics = metrics;
        this.stripped = stripped;
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setConnectTimeout(timeouts.connect());
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setConnectTimeout(timeouts.connect().toMillis());
        this.client = new WebSocketClient(http);
        client.setIdleTimeout(timeouts.idle());
        client.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        client.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        server.setIdleTimeout(timeouts.idle());
        server.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        server.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        addBean(http);
        addBean(client);
    }

    static boolean isUpgrade(Request request) {
        return "GET".equals(request.getMethod())
                && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE));
    }

    /**
     * Upgrades {@code request} and bridges it to the route's upstream, or answers 502/504 when that fails, 503 while
     * {@value #MAX_PENDING_HANDSHAKES} upstream handshakes are already pending. A target
     * the WebSocket client cannot carry (it takes a {@code java.net.URI}, which refuses queries such as
     * {@code q=100%}) is answered 400.
     */
    boolean bridge(Forwarding forwarding, Request request, Response response, org.eclipse.jetty.util.Callback callback) {
        URI upstream;
        try {
            upstream = forwarding.upstreamTarget(request.getHttpURI().getQuery(), true).toURI();
        } catch (IllegalArgumentException e) {
            metrics.request(forwarding.route().name(), GatewayMetrics.BAD_REQUEST);
            Answers.problem(response, callback, 400, "This request target cannot be forwarded as a WebSocket");
            return true;
        }
        return server.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
            ClientUpgradeRequest handshake = new ClientUpgradeRequest(upstream);
            copy(request, handshake, "Authorization", "Origin", "Cookie");
            ForwardedHeaders.of(request).forEach(handshake::setHeader);
            forwarding.identity().forEach(handshake::setHeader);
            List<String> protocols = upgradeRequest.getSubProtocols();
            if (!protocols.isEmpty()) {
                handshake.setSubProtocols(protocols);
            }
            if (!handshakes.tryAcquire()) {
                log.warn("websocket upstream of route {} not tried: {} upstream handshakes already pending",
                        forwarding.route().name(), MAX_PENDING_HANDSHAKES);
                metrics.request(forwarding.route().name(), GatewayMetrics.UNAVAILABLE);
                upgradeResponse.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                Answers.problem(upgradeResponse, upgradeCallback, 503, "Too many WebSocket connections are being opened");
                return null;
            }
            Upstream upstreamSide = new Upstream();
            Session upstreamSession;
            try {
                upstreamSession = connect(upstreamSide, handshake);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                log.warn("websocket upstream of route {} failed: {}", forwarding.route().name(), String.valueOf(cause));
                metrics.request(forwarding.route().name(), GatewayMetrics.UPSTREAM_ERROR);
                boolean timeout = UpstreamProxy.isTimeout(cause);
                Answers.problem(upgradeResponse, upgradeCallback, timeout ? 504 : 502, timeout
                        ? "The upstream service did not answer in time" : "The upstream service refused the WebSocket");
                return null;
            } finally {
                handshakes.release();
            }
            metrics.request(forwarding.route().name(), GatewayMetrics.ALLOWED);
            String accepted = upstreamSession.getUpgradeResponse().getAcceptedSubProtocol();
            if (accepted != null) {
                upgradeResponse.setAcceptedSubProtocol(accepted);
            }
            return new Downstream(upstreamSide);
        }, request, response, callback);
    }

    /** Waits for the upstream's handshake; one that completes after the wait was given up is closed at once. */
    private Session connect(Upstream side, ClientUpgradeRequest handshake)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Session> pending = client.connect(side, handshake);
        try {
            return pending.get(timeouts.connect().plus(timeouts.response()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            pending.cancel(true);
            pending.thenAccept(late -> late.close(StatusCode.SHUTDOWN, "gateway gave up", Callback.NOOP));
            throw e;
        }
    }

    /** One side of the bridge; passes what it reads to its peer. */
    public abstract static class Side implements Session.Listener {
        volatile Session session;
        volatile Side peer;

        @Override
        public void onWebSocketText(String message) {
            peer.session.sendText(message, Callback.from(session::demand, this::fail));
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            peer.session.sendBinary(payload, Callback.from(() -> {
                callback.succeed();
                session.demand();
            }, x -> {
                callback.fail(x);
                fail(x);
            }));
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            Side other = peer;
            if (other != null && other.session != null && other.session.isOpen()) {
                other.session.close(sendable(status), reason, Callback.NOOP);
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            fail(cause);
        }

        void fail(Throwable cause) {
            Side other = peer;
            if (other != null && other.session != null && other.session.isOpen()) {
                other.session.close(StatusCode.SERVER_ERROR, "bridge failed", Callback.NOOP);
            }
            if (session != null && session.isOpen()) {
                session.close(StatusCode.SERVER_ERROR, "bridge failed", Callback.NOOP);
            }
        }

        private static int sendable(int status) {
            // 1005 and 1006 describe a missing or broken close; they may not be sent on the wire
            return status == StatusCode.NO_CODE || status == StatusCode.ABNORMAL || status == StatusCode.NO_CLOSE
                    ? StatusCode.NORMAL : status;
        }
    }

    /** The gateway's connection to the upstream; reads nothing until the caller's side is open. */
    public static final class Upstream extends Side {
        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }
    }

    /** The caller's connection; opening it starts reading on both sides. */
    public static final class Downstream extends Side {
        Downstream(Upstream upstream) {
            peer = upstream;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            peer.peer = this;
            s.demand();
            peer.session.demand();
        }
    }

    /** Copies the caller's headers of these names, except those the gateway strips. */
    private void copy(Request from, ClientUpgradeRequest to, String... names) {
        for (String name : names) {
            String value = from.getHeaders().get(name);
            if (value != null && !stripped.matches(name)) {
                to.setHeader(name, value);
            }
        }
    }
}

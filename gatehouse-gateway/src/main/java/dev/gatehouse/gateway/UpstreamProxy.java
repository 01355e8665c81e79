package dev.gatehouse.gateway;

import dev.gatehouse.client.StrippedHeaders;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse proxy, told by {@link Forwarding} where each request goes. Jetty streams bodies both ways and
 * drops hop-by-hop headers; this class adds the gateway's rules on top:
 * <ul>
 *   <li>every header of the {@link StrippedHeaders} from the caller ({@code X-Gatehouse-*}, other gateways'
 *       identity headers, the configured ones; also spelled with {@code _}) is dropped, the verified identity
 *       added;</li>
 *   <li>{@code Forwarded}, {@code X-Forwarded-For/-Proto/-Host} from the caller are replaced, not appended to: the
 *       gateway is the edge, so what a caller claims about earlier hops is not passed on;</li>
 *   <li>the upstream's own authority is sent as Host unless the route preserves the caller's;</li>
 *   <li>an upstream that does not start answering within the response timeout gets 504, one that cannot be reached
 *       502, both as problem details.</li>
 * </ul>
 */
final class UpstreamProxy extends ProxyHandler.Reverse {
    private static final Logger log = LoggerFactory.getLogger(UpstreamProxy.class);
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP");

    /** Stands in for the response deadline once the response began or the exchange ended: none may be armed after. */
    private static final Scheduler.Task NO_DEADLINE = () -> false;

    private final Timeouts timeouts;
    private final SslContextFactory.Client tls;
    private final GatewayMetrics metrics;
    private final StrippedHeaders stripped;

    UpstreamProxy(Timeouts timeouts, SslContextFactory.Client tls, GatewayMetrics metrics, StrippedHeaders stripped) {
        super(request -> Forwarding.of(request).upstreamTarget(request.getHttpURI().getQuery(), false));
        this.timeouts = timeouts;
        this.tls = tls;
        this.metrics = metrics;
        this.stripped = stripped;
        setViaHost("gatehouse-gateway");
    }

    @Override
    protected HttpClient newHttpClient() {
        ClientConnector connector = new ClientConnector();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gateway-upstream");
        connector.setExecutor(threads);
        connector.setSslContextFactory(tls);
        connector.setConnectTimeout(timeouts.connect());
        connector.setIdleTimeout(timeouts.idle());
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        client.setConnectTimeout(timeouts.connect().toMillis());
        client.setIdleTimeout(timeouts.idle().toMillis());
        client.setUserAgentField(null);
    }

    /**
     * Jetty's own goes through {@code java.net.URI}, which refuses query characters Jetty accepted from the caller
     * ({@code q=100%}, {@code a|b}, {@code {x}}). Given a path and query it cannot parse as a URI, Jetty's client
     * sends them as they are.
     */
    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientToProxy, HttpURI target) {
        org.eclipse.jetty.client.Request proxyToServer;
        try {
            proxyToServer = getHttpClient().newRequest(target.toURI());
        } catch (IllegalArgumentException e) {
            proxyToServer = getHttpClient().newRequest(target.getScheme() + "://" + target.getAuthority())
                    .path(target.getPathQuery());
        }
        return proxyToServer.method(clientToProxy.getMethod());
    }

    @Override
    protected void copyRequestHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        super.copyRequestHeaders(clientToProxy, proxyToServer);
        Forwarding forwarding = Forwarding.of(clientToProxy);
        List<String> drop = new ArrayList<>();
        for (HttpField field : clientToProxy.getHeaders()) {
            if (stripped.matches(field.getName())) {
                drop.add(field.getName());
            }
        }
        proxyToServer.headers(headers -> {
            drop.forEach(headers::remove);
            if (!forwarding.route().preserveHost()) {
                headers.remove(HttpHeader.HOST);
            }
            forwarding.identity().forEach(headers::put);
        });
    }

    @Override
    protected void addProxyHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        proxyToServer.headers(headers -> FORWARDING_HEADERS.forEach(headers::remove));
        super.addProxyHeaders(clientToProxy, proxyToServer);
        proxyToServer.headers(headers -> ForwardedHeaders.of(clientToProxy).forEach(headers::put));
    }

    @Override
    protected void sendProxyToServerRequest(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                            Response proxyToClient, Callback callback) {
        String route = Forwarding.of(clientToProxy).route().name();
        proxyToServer.idleTimeout(timeouts.idle().toMillis(), TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        AtomicReference<Scheduler.Task> deadline = new AtomicReference<>();
        Scheduler scheduler = getHttpClient().getScheduler();
        proxyToServer.onRequestSuccess(r -> {
            Scheduler.Task task = scheduler.schedule(
                    () -> r.abort(new TimeoutException("no response within " + timeouts.response())),
                    timeouts.response().toMillis(), TimeUnit.MILLISECONDS);
            // an upstream may answer before the request body ends; its response began, so there is no deadline
            if (!deadline.compareAndSet(null, task)) {
                task.cancel();
            }
        });
        proxyToServer.onResponseBegin(r -> {
            disarm(deadline);
            metrics.upstreamLatency(route, Duration.ofNanos(System.nanoTime() - started));
        });
        proxyToServer.onComplete(result -> disarm(deadline));
        super.sendProxyToServerRequest(clientToProxy, proxyToServer, proxyToClient, callback);
    }

    /** No deadline may be armed after this; none was yet when the upstream answered before the request ended. */
    private static void disarm(AtomicReference<Scheduler.Task> deadline) {
        Scheduler.Task armed = deadline.getAndSet(NO_DEADLINE);
        if (armed != null) {
            armed.cancel();
        }
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                                  org.eclipse.jetty.client.Response serverToProxy, Response proxyToClient,
                                                  Callback callback, Throwable failure) {
        Forwarding forwarding = Forwarding.of(clientToProxy);
        if (requestBroken(clientToProxy)) {
            // the caller cut its body off, framed it wrongly or sent it too slowly: its error, not the upstream's
            metrics.request(forwarding.route().name(), GatewayMetrics.BAD_REQUEST);
            log.debug("request to route {} not readable: {}", forwarding.route().name(), failure.toString());
            if (proxyToClient.isCommitted()) {
                callback.failed(failure);
                return;
            }
            proxyToClient.reset();
            proxyToClient.getHeaders().put(HttpHeader.CONNECTION, "close");
            Answers.problem(proxyToClient, callback, 400, "The request could not be read");
            return;
        }
        metrics.request(forwarding.route().name(), GatewayMetrics.UPSTREAM_ERROR);
        boolean timeout = isTimeout(failure);
        log.warn("upstream of route {} failed: {}", forwarding.route().name(), failure.toString());
        if (proxyToClient.isCommitted()) {
            callback.failed(failure);
            return;
        }
        proxyToClient.reset();
        if (timeout) {
            Answers.problem(proxyToClient, callback, 504, "The upstream service did not answer in time");
        } else {
            Answers.problem(proxyToClient, callback, 502, "The upstream service could not be reached");
        }
    }

    @Override
    protected void onProxyToClientResponseComplete(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                                   org.eclipse.jetty.client.Response serverToProxy, Response proxyToClient,
                                                   Callback callback) {
        metrics.request(Forwarding.of(clientToProxy).route().name(), GatewayMetrics.ALLOWED);
        super.onProxyToClientResponseComplete(clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback);
    }

    /** Whether reading the caller's request body failed (cut off, badly chunked, its connection closed). */
    private static boolean requestBroken(Request clientToProxy) {
        Content.Chunk chunk = clientToProxy.read();
        if (chunk == null) {
            return false;
        }
        boolean failed = Content.Chunk.isFailure(chunk);
        chunk.release();
        return failed;
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

}

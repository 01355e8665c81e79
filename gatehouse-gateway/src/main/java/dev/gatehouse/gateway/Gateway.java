package dev.gatehouse.gateway;

import dev.gatehouse.http.ProblemErrorHandler;
import dev.gatehouse.http.tls.TransportConnectors;
import dev.gatehouse.client.Gate;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * A running gateway: a reverse proxy that checks tokens per route with a {@link Gate} and forwards the verified
 * identity to upstream services. Start with {@link #start}, stop with {@link #close()}.
 */
public final class Gateway implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector management;

    private Gateway(Server server, ServerConnector connector, ServerConnector management) {
        this.server = server;
        this.connector = connector;
        this.management = management;
    }

    /**
     * @param config the listener and the routes
     * @param gate   decides every request to a protected route
     * @param health what {@code /__gatehouse/health/ready} reports, asked on every probe
     */
    public static Gateway start(GatewayConfig config, Gate gate, Supplier<GatewayHealth> health) {
        return start(config, gate, health, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Like {@link #start(GatewayConfig, Gate, Supplier)}, recording metrics in {@code registry}. */
    public static Gateway start(GatewayConfig config, Gate gate, Supplier<GatewayHealth> health,
                                PrometheusMeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(registry, "registry");
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gateway");
        Server server = new Server(threads);
        server.setErrorHandler(new ProblemErrorHandler());
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.maxRequestHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        GatewayMetrics metrics = new GatewayMetrics(registry);
        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(server);
        server.setHandler(new GatewayHandler(new Router(config.routes()), gate, health, metrics,
                new UpstreamProxy(config.timeouts(), UpstreamTls.of(config.upstreamCa()), metrics, config.strippedHeaders()),
                new WebSocketBridge(container, config.timeouts(), UpstreamTls.of(config.upstreamCa()), metrics,
                        config.strippedHeaders())));
        // after the handler: behind proxies, the transport wraps it so that only listed peers get through
        ServerConnector connector = TransportConnectors.create(server, http, config.transport(), config.requests(),
                config.host(), config.port());
        connector.setIdleTimeout(config.timeouts().idle().toMillis());
        server.addConnector(connector);
        ServerConnector management = null;
        if (config.management() != null) {
            // health stays on the main listener too, for load balancers that probe it there
            management = TransportConnectors.management(server, http, config.requests(), config.management(),
                    path -> path.startsWith(GatewayHandler.HEALTH) || path.equals(GatewayHandler.METRICS),
                    GatewayHandler.METRICS::equals);
            server.addConnector(management);
        }
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("gateway could not listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        return new Gateway(server, connector, management);
    }

    /** The port the gateway listens on (the chosen one when the configuration said 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The management listener's port, or -1 when there is none. */
    public int managementPort() {
        return management == null ? -1 : management.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not stop cleanly", e);
        }
    }
}

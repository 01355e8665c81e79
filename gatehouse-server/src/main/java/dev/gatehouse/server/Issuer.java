package dev.gatehouse.server;

import dev.gatehouse.client.JwtTokenVerifier;
import dev.gatehouse.core.store.Stores;
import dev.gatehouse.server.admin.AdminRoutes;
import dev.gatehouse.server.browser.BrowserRoutes;
import dev.gatehouse.server.forwardauth.GatewayRoutes;
import dev.gatehouse.server.login.LoginRoutes;
import dev.gatehouse.server.logout.EndSessionRoutes;
import dev.gatehouse.server.oauth.OAuthRoutes;
import dev.gatehouse.server.ops.BrokenRequest;
import dev.gatehouse.server.ops.MicrometerIssuerMetrics;
import dev.gatehouse.server.ops.OpsRoutes;
import dev.gatehouse.http.tls.TransportConnectors;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running issuer: its HTTP server and its housekeeping. */
public final class Issuer implements AutoCloseable {
    /** The request body read and dropped before a refusal at least, even when it is over the size limit. */
    private static final long DRAINED_BODY_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Issuer.class);

    private final IssuerServices services;
    private final Javalin app;
    private final ScheduledExecutorService housekeeping;
    /** Touched by {@link #followRevocations()} only, whose runs never overlap. */
    private boolean revocationLogFailing;

    private Issuer(IssuerServices services, Javalin app, ScheduledExecutorService housekeeping) {
        this.services = services;
        this.app = app;
        this.housekeeping = housekeeping;
    }

    public static Issuer start(IssuerConfig config, Stores stores, Clock clock) {
        return start(config, stores, clock, services -> { });
    }

    /**
     * @param beforeListening runs once the services are wired and before the port opens (provisioning,
     *                        bootstrap), so that no request ever sees a half-provisioned issuer
     */
    public static Issuer start(IssuerConfig config, Stores stores, Clock clock, Consumer<IssuerServices> beforeListening) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IssuerServices services = IssuerServices.wire(config, stores, registry, new MicrometerIssuerMetrics(registry), clock);
        beforeListening.accept(services);
        List<Routes> areas = List.of(new OpsRoutes(services), new OAuthRoutes(services), new LoginRoutes(services),
                new AdminRoutes(services), new GatewayRoutes(services), new BrowserRoutes(services),
                new EndSessionRoutes(services));
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.addConnector((server, http) -> TransportConnectors.create(server, http, config.transport(),
                    config.requests(), config.host(), config.port()));
            if (config.management() != null) {
                // health stays on the main listener too, for load balancers that probe it there
                cfg.jetty.addConnector((server, http) -> TransportConnectors.management(server, http, config.requests(),
                        config.management(), path -> path.startsWith("/health/") || path.equals(Endpoints.METRICS),
                        Endpoints.METRICS::equals));
            }
            areas.forEach(a -> a.register(cfg));
            // a request refused early still has its body read, so the caller gets the answer, not a reset; a
            // body over the limit too, up to 1 MiB, so that its 413 arrives as reliably; a body that turns out
            // cut off or badly chunked makes the answer a 400, whether or not the handler read it
            long drained = Math.max(config.maxBodyBytes(), DRAINED_BODY_BYTES);
            cfg.routes.after(ctx -> BrokenRequest.drain(ctx, drained));
        });
        app.start();
        // two threads: a slow purge must not hold up following the revocation log (see Revocations.MAX_STALENESS)
        ScheduledExecutorService housekeeping = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "gatehouse-housekeeping");
            t.setDaemon(true);
            return t;
        });
        Issuer issuer = new Issuer(services, app, housekeeping);
        // other nodes' revocations reach this node's verifier and feed streams within a quarter of a second
        housekeeping.scheduleWithFixedDelay(issuer::followRevocations, 250, 250, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(issuer::purge, 1, 60, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(issuer::reloadKeys, 30, 30, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(issuer::summarizeSuppressedAudit, 1, 1, TimeUnit.MINUTES);
        LOG.info("Gatehouse issuer {} listening on {}://{}:{}{}{}", config.tokens().issuer(),
                config.transport().https() ? "https" : "http", config.host(), app.port(),
                config.transport().trustedProxies().isEmpty() ? ""
                        : " (forwarding headers trusted from " + config.transport().trustedProxies() + ")",
                config.management() == null ? ""
                        : "; health and metrics on http://" + config.management().host() + ":" + issuer.managementPort());
        return issuer;
    }

    public int port() {
        return app.port();
    }

    /** The management listener's port, or -1 when there is none. */
    public int managementPort() {
        return Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(c -> TransportConnectors.MANAGEMENT.equals(c.getName()))
                .mapToInt(c -> ((ServerConnector) c).getLocalPort()).findFirst().orElse(-1);
    }

    public IssuerServices services() {
        return services;
    }

    private void followRevocations() {
        try {
            services.revocations().catchUp();
            if (revocationLogFailing) {
                revocationLogFailing = false;
                LOG.info("revocation log catch-up works again");
            }
        } catch (RuntimeException e) {
            // several times a second: say it when it starts failing, not on every attempt
            if (!revocationLogFailing) {
                revocationLogFailing = true;
                LOG.warn("revocation log catch-up failed: {}", e.toString());
            } else {
                LOG.debug("revocation log catch-up still failing: {}", e.toString());
            }
        }
    }

    private void reloadKeys() {
        try {
            services.keys().reload();
        } catch (RuntimeException e) {
            LOG.warn("signing key reload failed: {}", e.toString());
        }
    }

    private void summarizeSuppressedAudit() {
        try {
            services.failureAudit().flush();
        } catch (RuntimeException e) {
            LOG.warn("audit summary failed: {}", e.toString());
        }
    }

    private void purge() {
        try {
            Instant now = services.clock().instant();
            int tokens = services.stores().refreshTokens().purgeExpired(now.minus(Duration.ofMinutes(1)));
            // a follower that connects later must still learn of revocations whose tokens a skewed clock accepts
            int events = services.stores().revocationLog().purgeExpired(now.minus(JwtTokenVerifier.MAX_CLOCK_SKEW));
            int assertions = services.stores().usedAssertions().purgeExpired(now);
            LOG.debug("purged {} expired refresh tokens, {} expired revocation events and {} expired assertion ids",
                    tokens, events, assertions);
        } catch (RuntimeException e) {
            LOG.warn("purge failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        // open revocation feeds end now instead of holding the server's stop
        services.revocations().signal().close();
        app.stop();
    }
}

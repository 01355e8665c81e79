package dev.gatehouse.gateway;

import dev.gatehouse.client.GatehouseVerifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A gateway wired to its issuer: a {@link GatehouseVerifier} (the issuer's keys and revocation feed) decides,
 * the {@link Gateway} proxies. Readiness and metrics report the feed, so an operator sees a gateway that fails
 * closed before its users do.
 */
public final class GatewayNode implements AutoCloseable {
    private final GatehouseVerifier verifier;
    private final Gateway gateway;

    private GatewayNode(GatehouseVerifier verifier, Gateway gateway) {
        this.verifier = verifier;
        this.gateway = gateway;
    }

    /**
     * Connects to the issuer (waiting a few seconds for its keys and first feed contact), then listens.
     *
     * @param clientSecret the secret of {@link IssuerLink#clientId()}
     */
    public static GatewayNode start(GatewayConfig config, IssuerLink issuer, String clientSecret) {
        Objects.requireNonNull(clientSecret, "the revocation feed client's secret");
        GatehouseVerifier.Builder builder = GatehouseVerifier.builder(issuer.url())
                .feedCredentials(issuer.clientId(), clientSecret)
                .maxFeedStaleness(issuer.maxFeedStaleness())
                .failClosed(issuer.failClosed())
                .cacheSize(issuer.tokenCacheSize())
                .clockSkew(issuer.clockSkew())
                .realm(config.realm());
        if (issuer.ca() != null) {
            builder.sslContext(UpstreamTls.trusting(issuer.ca(), "gateway.issuer.ca"));
        }
        GatehouseVerifier verifier = builder.start();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Gauge.builder("gatehouse_gateway_revocation_feed_stale", verifier, v -> v.status().stale() ? 1 : 0)
                    .description("1 while the revocation feed has not been heard from within its bound").register(registry);
            Gauge.builder("gatehouse_gateway_revocation_feed_last_sequence", verifier, v -> v.status().lastSequence())
                    .description("sequence of the last revocation event applied").register(registry);
            Gauge.builder("gatehouse_gateway_revocations", verifier, v -> v.status().denylistSize())
                    .description("revocations held until the tokens they match expire").register(registry);
            Gauge.builder("gatehouse_gateway_cached_tokens", verifier, v -> v.status().cachedTokens())
                    .description("verified tokens held in the cache").register(registry);
            Gateway gateway = Gateway.start(config, verifier.gate(), () -> health(verifier.status()), registry);
            return new GatewayNode(verifier, gateway);
        } catch (RuntimeException e) {
            verifier.close();
            throw e;
        }
    }

    /** Ready unless the gateway is refusing every token because its revocation view is stale. */
    static GatewayHealth health(GatehouseVerifier.Status s) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("revocation_feed", s.state());
        detail.put("feed_connected", s.feedConnected());
        detail.put("last_sequence", s.lastSequence());
        if (s.lastContact() != null) {
            detail.put("last_contact", s.lastContact().toString());
        }
        detail.put("revocations", s.denylistSize());
        detail.put("cached_tokens", s.cachedTokens());
        if (s.feedProblem() != null) {
            detail.put("feed_problem", s.feedProblem());
        }
        return s.failingClosed() ? GatewayHealth.notReady(detail) : GatewayHealth.ready(detail);
    }

    public int port() {
        return gateway.port();
    }

    /** The management listener's port, or -1 when there is none. */
    public int managementPort() {
        return gateway.managementPort();
    }

    public GatehouseVerifier.Status status() {
        return verifier.status();
    }

    /** Waits until the feed has been heard from, for callers that must not race the first contact. */
    public boolean awaitFeed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status().stale()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            verifier.close();
        }
    }
}

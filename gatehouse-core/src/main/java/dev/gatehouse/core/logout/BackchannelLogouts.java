package dev.gatehouse.core.logout;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.revocation.SessionEndListener;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionStore;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect Back-Channel Logout 1.0. When a login session ends, whatever ended it, one delivery per client
 * that took part in it and registered a {@code backchannel_logout_uri} is queued in the same transaction
 * ({@link #ended}); {@link #deliverDue()}, run on every issuer node, claims due deliveries and posts each a freshly
 * signed logout token, retrying failures with a doubling delay a bounded number of times.
 */
public final class BackchannelLogouts implements SessionEndListener {
    private static final Logger LOG = LoggerFactory.getLogger(BackchannelLogouts.class);
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String GIVEN_UP = "given_up";

    private final BackchannelLogoutStore store;
    private final SessionStore sessions;
    private final ClientStore clients;
    private final LogoutTokens tokens;
    private final LogoutTokenTransport transport;
    private final AuditLog audit;
    private final IssuerMetrics metrics;
    private final BackchannelLogoutConfig config;
    private final Clock clock;

    public BackchannelLogouts(BackchannelLogoutStore store, SessionStore sessions, ClientStore clients,
                              LogoutTokens tokens, LogoutTokenTransport transport, AuditLog audit,
                              IssuerMetrics metrics, BackchannelLogoutConfig config, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.clients = clients;
        this.tokens = tokens;
        this.transport = transport;
        this.audit = audit;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** Queues the deliveries for a session that just ended; runs inside the revoking transaction. */
    @Override
    public void ended(String sid, Instant at) {
        Optional<Session> session = sessions.find(sid);
        if (session.isEmpty()) {
            return;
        }
        Set<String> participants = new LinkedHashSet<>();
        participants.add(session.get().clientId());
        participants.addAll(store.participants(sid));
        for (String clientId : participants) {
            URI uri = clients.find(clientId).map(c -> c.browser().backchannelLogoutUri()).orElse(null);
            if (uri != null) {
                store.enqueue(BackchannelDelivery.due(Secrets.randomBase64Url(16), clientId, sid,
                        session.get().subject(), uri, at));
            }
        }
    }

    /**
     * Claims the deliveries due now and attempts each once, in parallel; returns how many it attempted. Never
     * blocks longer than one attempt's timeouts per batch.
     */
    public int deliverDue() {
        int attempted = 0;
        List<BackchannelDelivery> batch;
        do {
            Instant now = clock.instant();
            batch = store.claimDue(now, now.plus(config.lease()), Secrets.randomBase64Url(16), config.batchSize());
            try (ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor()) {
                for (BackchannelDelivery d : batch) {
                    attempts.submit(() -> attempt(d));
                }
            }
            attempted += batch.size();
        } while (batch.size() == config.batchSize());
        return attempted;
    }

    private void attempt(BackchannelDelivery d) {
        try {
            Optional<OAuthClient> client = clients.find(d.clientId());
            LogoutTokenTransport.Attempt result = client.isEmpty()
                    ? LogoutTokenTransport.Attempt.failed("client no longer registered")
                    : transport.post(d.uri(), tokens.sign(d.clientId(), d.subject(), d.sessionId(), config.tokenTtl(),
                            client.get().signingAlgorithm()));
            Instant now = clock.instant();
            if (result.delivered()) {
                if (store.delivered(d.id(), d.claim(), now)) {
                    metrics.backchannelLogout(DELIVERED);
                    LOG.debug("back-channel logout {} delivered to client {}", d.id(), d.clientId());
                }
            } else if (client.isEmpty() || d.attempts() >= config.maxAttempts()) {
                giveUp(d, now, result.error());
            } else if (store.retryAt(d.id(), d.claim(), now.plus(config.retryDelay(d.attempts())), result.error())) {
                metrics.backchannelLogout(FAILED);
                LOG.info("back-channel logout {} to client {} failed (attempt {} of {}): {}", d.id(), d.clientId(),
                        d.attempts(), config.maxAttempts(), result.error());
            }
        } catch (RuntimeException e) {
            // the claim's lease makes the delivery due again later; this attempt still counted
            LOG.warn("back-channel logout {} to client {} could not be attempted: {}", d.id(), d.clientId(), e.toString());
        }
    }

    private void giveUp(BackchannelDelivery d, Instant now, String error) {
        if (!store.givenUp(d.id(), d.claim(), now, error)) {
            return;
        }
        metrics.backchannelLogout(GIVEN_UP);
        LOG.warn("back-channel logout {} to client {} given up after {} attempts: {}", d.id(), d.clientId(),
                d.attempts(), error);
        audit.record(AuditEvent.of(now, "backchannel_logout.given_up", "system", d.subject(), d.clientId(), null,
                Map.of("sid", d.sessionId(), "attempts", String.valueOf(d.attempts()), "error", truncate(error))));
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200);
    }
}

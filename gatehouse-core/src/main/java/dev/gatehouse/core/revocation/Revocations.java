package dev.gatehouse.core.revocation;

import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.client.VerifierUnavailableException;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.RequestAddress;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every revocation, whatever its cause, goes through here: the stored state changes (sessions, refresh
 * tokens), the event is appended to the one revocation log, and an audit event is written, all in one
 * transaction. After commit the local denylist learns the event at once; other nodes and gateways learn
 * it by following the log ({@link #catchUp()}); local feeds are woken through {@link #signal()}.
 */
public final class Revocations {
    /**
     * Longest time this node may go without reading the log to its end and still vouch for tokens: beyond it, a
     * revocation another node wrote may be missing from its denylist. Catch-up runs several times a second, so
     * only a database this node cannot read gets that far behind.
     */
    public static final Duration MAX_STALENESS = Duration.ofSeconds(10);

    private final Transactions transactions;
    private final SessionStore sessions;
    private final RefreshTokenStore refreshTokens;
    private final RevocationLog revocationLog;
    private final AuditLog audit;
    private final Denylist denylist;
    private final TokenConfig config;
    private final IssuerMetrics metrics;
    private final Clock clock;
    private final SessionEndListener sessionEnded;
    private final LogSignal signal = new LogSignal();
    private volatile long caughtUpAt = System.nanoTime();

    public Revocations(Transactions transactions, SessionStore sessions, RefreshTokenStore refreshTokens,
                       RevocationLog revocationLog, AuditLog audit, Denylist denylist, TokenConfig config,
                       IssuerMetrics metrics, Clock clock) {
        this(transactions, sessions, refreshTokens, revocationLog, audit, denylist, config, metrics, clock,
                SessionEndListener.NONE);
    }

    /** @param sessionEnded told of every session revoked here, in the revoking transaction (back-channel logout) */
    public Revocations(Transactions transactions, SessionStore sessions, RefreshTokenStore refreshTokens,
                       RevocationLog revocationLog, AuditLog audit, Denylist denylist, TokenConfig config,
                       IssuerMetrics metrics, Clock clock, SessionEndListener sessionEnded) {
        this.sessionEnded = sessionEnded;
        this.transactions = transactions;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.revocationLog = revocationLog;
        this.audit = audit;
        this.denylist = denylist;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One access token, until it expires (RFC 7009). */
    public void revokeAccessToken(String jti, String subject, String clientId, Instant expiresAt, String actor, String cause) {
        Instant now = clock.instant();
        if (!expiresAt.isAfter(now)) {
            return;
        }
        commit(actor, cause, subject, clientId, Map.of("jti", jti), log -> log.add(
                revocationLog.append(RevocationKind.JTI, jti, now, expiresAt)));
    }

    /** A refresh token's whole family and its session (RFC 7009 2.1, RFC 9700 4.14.2). */
    public void revokeRefreshFamily(RefreshToken token, String actor, String cause) {
        Instant now = clock.instant();
        commit(actor, cause, token.subject(), token.clientId(), Map.of("sid", token.sessionId(), "family", token.familyId()), log -> {
            refreshTokens.revokeFamily(token.familyId(), now);
            revokeSessionInside(token.sessionId(), now, log);
        });
    }

    /**
     * What one grant issued and nothing else: the refresh token family (null for none) and the access token
     * (RFC 6749 4.1.2: a code presented twice). The session stays, as other clients may hold tokens of it.
     */
    public void revokeIssued(String subject, String clientId, String refreshFamilyId, String accessTokenJti,
                             Instant accessTokenExpiresAt, String actor, String cause) {
        Instant now = clock.instant();
        Map<String, String> details = new HashMap<>(Map.of("jti", accessTokenJti));
        if (refreshFamilyId != null) {
            details.put("family", refreshFamilyId);
        }
        commit(actor, cause, subject, clientId, details, log -> {
            if (refreshFamilyId != null) {
                refreshTokens.revokeFamily(refreshFamilyId, now);
            }
            if (accessTokenExpiresAt.isAfter(now)) {
                log.add(revocationLog.append(RevocationKind.JTI, accessTokenJti, now, accessTokenExpiresAt));
            }
        });
    }

    public void revokeSession(String sid, String subject, String actor, String cause) {
        Instant now = clock.instant();
        commit(actor, cause, subject, null, Map.of("sid", sid), log -> revokeSessionInside(sid, now, log));
    }

    /** Every session and every token of a subject issued until now (logout everywhere, disable, delete). */
    public void revokeSubject(String subject, String actor, String cause) {
        Instant now = clock.instant();
        commit(actor, cause, subject, null, Map.of(), log -> {
            for (String sid : sessions.revokeAll(subject, now)) {
                sessionEnded.ended(sid, now);
                log.add(revocationLog.append(RevocationKind.SESSION, sid, now, accessHorizon(now)));
            }
            refreshTokens.revokeSubject(subject, now);
            log.add(revocationLog.append(RevocationKind.SUBJECT_NOT_BEFORE, subject, now, accessHorizon(now)));
        });
    }

    /** Every token of a client issued until now (secret rotated, client deleted). */
    public void revokeClient(String clientId, String actor, String cause) {
        Instant now = clock.instant();
        commit(actor, cause, null, clientId, Map.of(), log -> {
            for (String sid : sessions.revokeAllOfClient(clientId, now)) {
                sessionEnded.ended(sid, now);
            }
            refreshTokens.revokeClient(clientId, now);
            log.add(revocationLog.append(RevocationKind.CLIENT, clientId, now, accessHorizon(now)));
        });
    }

    /** Applies log events this node has not seen yet (written by other nodes); returns how many. */
    public int catchUp() {
        int applied = 0;
        List<RevocationEvent> batch;
        do {
            batch = revocationLog.after(denylist.lastSequence(), 1000);
            for (RevocationEvent e : batch) {
                denylist.apply(e);
                denylist.advanceTo(e.sequence());
            }
            applied += batch.size();
        } while (batch.size() == 1000);
        denylist.purge(clock.instant());
        caughtUpAt = System.nanoTime();
        if (applied > 0) {
            signal.signal();
        }
        return applied;
    }

    /** Whether this node read the log to its end within {@link #MAX_STALENESS}. */
    public boolean current() {
        return System.nanoTime() - caughtUpAt <= MAX_STALENESS.toNanos();
    }

    /**
     * {@code verifier}, failing closed ({@link VerifierUnavailableException}, answered 503) while this node is not
     * {@link #current()}: a token revoked through another node must not pass here because this one cannot read
     * the log.
     */
    public TokenVerifier failClosedWhenBehind(TokenVerifier verifier) {
        return token -> {
            if (!current()) {
                throw new VerifierUnavailableException("the revocation log was not read within " + MAX_STALENESS);
            }
            return verifier.verify(token);
        };
    }

    public Denylist denylist() {
        return denylist;
    }

    /** Signalled after every local append and after {@link #catchUp()} applied anything. */
    public LogSignal signal() {
        return signal;
    }

    private void revokeSessionInside(String sid, Instant now, List<RevocationEvent> log) {
        if (sessions.revoke(sid, now)) {
            sessionEnded.ended(sid, now);
        }
        refreshTokens.revokeSession(sid, now);
        log.add(revocationLog.append(RevocationKind.SESSION, sid, now, accessHorizon(now)));
    }

    /** No access token issued before now can outlive this. */
    private Instant accessHorizon(Instant now) {
        return now.plus(config.maxAccessTokenTtl()).plusSeconds(1);
    }

    private interface Work {
        void run(List<RevocationEvent> log);
    }

    private void commit(String actor, String cause, String subject, String clientId, Map<String, String> details, Work work) {
        List<RevocationEvent> events = new ArrayList<>();
        transactions.run(() -> {
            work.run(events);
            Map<String, String> d = new HashMap<>(details);
            d.put("cause", cause);
            d.put("events", String.valueOf(events.size()));
            audit.record(AuditEvent.of(clock.instant(), "revocation." + cause, actor, subject, clientId, RequestAddress.current(), d));
        });
        for (RevocationEvent e : events) {
            denylist.apply(e);
            metrics.revoked(e.kind().wireName());
        }
        if (!events.isEmpty()) {
            signal.signal();
        }
    }
}

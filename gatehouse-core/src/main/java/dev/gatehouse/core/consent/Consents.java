package dev.gatehouse.core.consent;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.RequestAddress;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.store.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A user's remembered consents, as the user and administrators see them: listed, and revoked one client at a
 * time. A revoked consent is asked for again at the client's next authorization request, and the refresh tokens
 * the user granted the client stop working at once; access tokens already issued live out their short lifetime.
 */
public final class Consents {
    public static final String REVOKED = "consent.revoked";

    private final Transactions transactions;
    private final ConsentStore consents;
    private final RefreshTokenStore refreshTokens;
    private final AuditLog audit;
    private final Clock clock;

    public Consents(Transactions transactions, ConsentStore consents, RefreshTokenStore refreshTokens, AuditLog audit,
                    Clock clock) {
        this.transactions = transactions;
        this.consents = consents;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** The subject's consents, ordered by client id. */
    public List<Consent> list(String subject) {
        return consents.list(subject);
    }

    /**
     * Forgets the subject's consent to the client and revokes the refresh tokens it granted, in one transaction.
     *
     * @param actor who revokes, as audit events name callers ({@code user:<id>}, {@code admin:<id>})
     * @return false when the subject had no consent for that client (nothing changes)
     */
    public boolean revoke(String subject, String clientId, String actor) {
        return transactions.inTransaction(() -> {
            if (!consents.revoke(subject, clientId)) {
                return false;
            }
            Instant now = clock.instant();
            int tokens = refreshTokens.revokeSubjectAtClient(subject, clientId, now);
            audit.record(AuditEvent.of(now, REVOKED, actor, subject, clientId, RequestAddress.current(),
                    Map.of("refresh_tokens_revoked", Integer.toString(tokens))));
            return true;
        });
    }
}

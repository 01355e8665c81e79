package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.refresh.RotationResult;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.RefreshTokens;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.session.SessionTokens;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6749 6 with rotation: every use retires the presented token and issues the next one of its family.
 * Presenting a retired token again is reuse (RFC 9700 4.14.2): the whole family and its session are
 * revoked. Exactly one of concurrent uses of one token wins the rotation. Within the client's grace period
 * a re-presentation by the same client gets the winner's successor again (a retry whose answer was lost, or
 * a concurrent refresh), as long as that successor is unused; after it, or with a zero grace period, it is
 * reuse.
 */
public final class RefreshTokenGrantHandler implements GrantHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenGrantHandler.class);
    private static final String SUCCESSOR_KEY_PURPOSE = "gatehouse refresh token successor";
    private final Transactions transactions;
    private final RefreshTokens refreshTokens;
    private final RefreshTokenStore store;
    private final SessionStore sessions;
    private final SessionTokens sessionTokens;
    private final Revocations revocations;
    private final KeyEncryption successorKey;
    private final TokenConfig config;
    private final IssuerMetrics metrics;
    private final Clock clock;

    /** @param keyEncryption the key-encryption key; successors kept for a retry are sealed under a key derived from it */
    public RefreshTokenGrantHandler(Transactions transactions, RefreshTokens refreshTokens, RefreshTokenStore store,
                                    SessionStore sessions, SessionTokens sessionTokens, Revocations revocations,
                                    KeyEncryption keyEncryption, TokenConfig config, IssuerMetrics metrics, Clock clock) {
        this.successorKey = keyEncryption.derive(SUCCESSOR_KEY_PURPOSE);
        this.config = config;
        this.transactions = transactions;
        this.refreshTokens = refreshTokens;
        this.store = store;
        this.sessions = sessions;
        this.sessionTokens = sessionTokens;
        this.revocations = revocations;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public GrantType grantType() {
        return GrantType.REFRESH_TOKEN;
    }

    @Override
    public TokenResult handle(GrantRequest request) {
        var client = request.client();
        String presented = ((RefreshTokenGrant) request.grant()).getRefreshToken().getValue();
        if (presented.length() > 512) {
            throw OAuthException.invalidGrant("Invalid refresh token", "oversized refresh token");
        }
        String hash = Secrets.sha256(presented);
        Instant now = clock.instant();
        RefreshToken stored = refreshTokens.find(presented)
                .orElseThrow(() -> OAuthException.invalidGrant("Invalid refresh token", "unknown refresh token"));
        // RFC 6749 10.4: a refresh token is bound to the client it was issued to.
        if (!stored.clientId().equals(client.clientId())) {
            throw OAuthException.invalidGrant("Invalid refresh token",
                    "refresh token of " + stored.clientId() + " presented by " + client.clientId());
        }
        // Everything the request itself can get wrong is checked before the rotation commits: a refresh that
        // fails on its input must leave the presented token usable, or the retry would count as reuse.
        User user = refreshTokens.holder(stored, now).orElse(null);
        Scope granted = Entitlements.entitled(Entitlements.stillGranted(client, Scope.parse(stored.scope())),
                user == null ? Set.of() : user.roles());
        Scope scope = Entitlements.narrow(granted, request.scope());
        Set<String> grantedAudience = Entitlements.stillGrantedAudience(client, stored.audience(), config.userinfoAudience());
        Set<String> audience = Entitlements.narrowAudience(grantedAudience, request.resources());

        String next = Secrets.newToken();
        Instant idle = now.plus(Entitlements.refreshIdleTtl(client, config));
        if (idle.isAfter(stored.absoluteExpiresAt())) {
            idle = stored.absoluteExpiresAt();
        }
        RefreshToken nextToken = new RefreshToken(Secrets.sha256(next), stored.familyId(), stored.sessionId(),
                stored.clientId(), stored.subject(), granted.toString(), grantedAudience, stored.authTime(), now, idle,
                stored.absoluteExpiresAt());

        Duration grace = Entitlements.refreshGracePeriod(client);
        // Kept for a retry only, bound to the presented token's hash: it opens for no other row.
        String sealedNext = grace.isZero() ? null : successorKey.encrypt(next, hash);

        RotationResult result = transactions.inTransaction(() -> {
            if (user == null) {
                return new RotationResult.Rejected("session ended or user unavailable");
            }
            RotationResult r = store.rotate(hash, nextToken, sealedNext, grace, now);
            if (r instanceof RotationResult.Rotated) {
                sessions.touch(stored.sessionId(), now);
            }
            return r;
        });
        return switch (result) {
            case RotationResult.Rotated rotated -> sessionTokens.refreshed(user, client, scope, audience,
                    stored.sessionId(), stored.authTime(), next);
            // RFC 9700 4.14.2 asks that a rotated token presented again be taken as stolen. Within the grace
            // period the same client gets the same successor instead: nothing new is issued to the family,
            // and the successor's first use still ends the grace.
            case RotationResult.Retried retried -> sessionTokens.refreshed(user, client, scope, audience,
                    stored.sessionId(), stored.authTime(), unseal(retried, hash, client));
            case RotationResult.Reused reused -> throw reuse(reused.previous(), client);
            case RotationResult.Rejected rejected ->
                    throw OAuthException.invalidGrant("Invalid refresh token", rejected.reason());
        };
    }

    /** The successor the winning rotation issued; a seal that does not open to it is taken as reuse. */
    private String unseal(RotationResult.Retried retried, String presentedHash, OAuthClient client) {
        String successor;
        try {
            successor = successorKey.decrypt(retried.sealedSuccessor(), presentedHash);
        } catch (IllegalStateException e) {
            LOG.warn("sealed refresh token successor of family {} cannot be opened", retried.previous().familyId());
            throw reuse(retried.previous(), client);
        }
        if (!MessageDigest.isEqual(Secrets.sha256(successor).getBytes(StandardCharsets.US_ASCII),
                retried.successor().tokenHash().getBytes(StandardCharsets.US_ASCII))) {
            LOG.warn("sealed refresh token successor of family {} does not match its hash", retried.previous().familyId());
            throw reuse(retried.previous(), client);
        }
        LOG.debug("refresh token of family {} presented again within the grace period", retried.previous().familyId());
        return successor;
    }

    private OAuthException reuse(RefreshToken previous, OAuthClient client) {
        metrics.refreshReuseDetected();
        revocations.revokeRefreshFamily(previous, "client:" + client.clientId(), "refresh_reuse_detected");
        return OAuthException.invalidGrant("Invalid refresh token", "refresh token reuse: family "
                + previous.familyId() + " revoked");
    }

}

package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.config.TokenConfig;
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
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * RFC 6749 6 with rotation: every use retires the presented token and issues the next one of its family.
 * Presenting a retired token again is reuse (RFC 9700 4.14.2): the whole family and its session are
 * revoked. Two concurrent uses of one token are indistinguishable from a replay, so the store lets exactly
 * one win and the other is treated as reuse.
 */
public final class RefreshTokenGrantHandler implements GrantHandler {
    private final Transactions transactions;
    private final RefreshTokens refreshTokens;
    private final RefreshTokenStore store;
    private final SessionStore sessions;
    private final SessionTokens sessionTokens;
    private final Revocations revocations;
    private final TokenConfig config;
    private final IssuerMetrics metrics;
    private final Clock clock;

    public RefreshTokenGrantHandler(Transactions transactions, RefreshTokens refreshTokens, RefreshTokenStore store,
                                    SessionStore sessions, SessionTokens sessionTokens, Revocations revocations,
                                    TokenConfig config, IssuerMetrics metrics, Clock clock) {
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
        Set<String> grantedAudience = Entitlements.stillGrantedAudience(client, stored.audience());
        Set<String> audience = Entitlements.narrowAudience(grantedAudience, request.resources());

        String next = Secrets.newToken();
        Instant idle = now.plus(Entitlements.refreshIdleTtl(client, config));
        if (idle.isAfter(stored.absoluteExpiresAt())) {
            idle = stored.absoluteExpiresAt();
        }
        RefreshToken nextToken = new RefreshToken(Secrets.sha256(next), stored.familyId(), stored.sessionId(),
                stored.clientId(), stored.subject(), granted.toString(), grantedAudience, stored.authTime(), now, idle,
                stored.absoluteExpiresAt());

        RotationResult result = transactions.inTransaction(() -> {
            if (user == null) {
                return new RotationResult.Rejected("session ended or user unavailable");
            }
            RotationResult r = store.rotate(hash, nextToken, now);
            if (r instanceof RotationResult.Rotated) {
                sessions.touch(stored.sessionId(), now);
            }
            return r;
        });
        return switch (result) {
            case RotationResult.Rotated rotated -> sessionTokens.refreshed(user, client, scope, audience,
                    stored.sessionId(), stored.authTime(), next);
            case RotationResult.Reused reused -> {
                metrics.refreshReuseDetected();
                revocations.revokeRefreshFamily(reused.previous(), "client:" + client.clientId(), "refresh_reuse_detected");
                throw OAuthException.invalidGrant("Invalid refresh token", "refresh token reuse: family "
                        + reused.previous().familyId() + " revoked");
            }
            case RotationResult.Rejected rejected ->
                    throw OAuthException.invalidGrant("Invalid refresh token", rejected.reason());
        };
    }

}

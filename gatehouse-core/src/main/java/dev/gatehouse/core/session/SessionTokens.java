package dev.gatehouse.core.session;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.token.AccessTokenClaims;
import dev.gatehouse.core.token.MintedToken;
import dev.gatehouse.core.token.TokenMinter;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserStore;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Starts a session for an authenticated user and mints its first tokens; mints the tokens of a refreshed
 * session, and of an existing session for another client. Used by the JSON login endpoint and the password,
 * refresh_token and authorization_code grants alike.
 */
public final class SessionTokens {
    private final Transactions transactions;
    private final UserStore users;
    private final SessionStore sessions;
    private final RefreshTokenStore refreshTokens;
    private final TokenMinter minter;
    private final TokenConfig config;
    private final IssuerMetrics metrics;
    private final Clock clock;

    public SessionTokens(Transactions transactions, UserStore users, SessionStore sessions,
                         RefreshTokenStore refreshTokens, TokenMinter minter, TokenConfig config, IssuerMetrics metrics,
                         Clock clock) {
        this.transactions = transactions;
        this.users = users;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.minter = minter;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public TokenResult login(User user, OAuthClient client, Scope requested, List<URI> resources,
                             String ipAddress, String userAgent, String via) {
        Scope registered = Entitlements.scope(client, requested);
        var audience = Entitlements.audience(client, resources);
        Instant now = clock.instant();
        Instant absolute = now.plus(Entitlements.refreshAbsoluteTtl(client, config));
        Session session = new Session(Secrets.randomBase64Url(16), user.id(), client.clientId(), now, now, now,
                absolute, ipAddress, truncate(userAgent, 512), null);
        String refresh = client.grantTypes().contains(GrantType.REFRESH_TOKEN) ? Secrets.newToken() : null;
        Granted granted = transactions.inTransaction(() -> {
            // The user as it is now, locked until the session exists: a password change, disable or delete
            // that landed since the password was checked refuses the login, and one that comes later waits
            // for this session and so ends it too. The roles are the ones held now, and so is the scope.
            User latest = users.findByIdForUpdate(user.id())
                    .filter(u -> !u.disabled() && Objects.equals(u.passwordHash(), user.passwordHash()))
                    .orElseThrow(() -> OAuthException.invalidGrant("Invalid username or password",
                            "user " + user.id() + " changed while logging in"));
            Scope scope = Entitlements.entitled(registered, latest.roles());
            sessions.create(session);
            if (refresh != null) {
                Instant idle = min(now.plus(Entitlements.refreshIdleTtl(client, config)), absolute);
                refreshTokens.save(new RefreshToken(Secrets.sha256(refresh), Secrets.randomBase64Url(16),
                        session.id(), client.clientId(), user.id(), scope.toString(), audience, now, now, idle,
                        absolute));
            }
            return new Granted(latest, scope);
        });
        metrics.tokenIssued(via);
        return mint(granted.user(), client, granted.scope(), audience, session.id(), now, refresh, null);
    }

    /**
     * Tokens of an existing session, issued to a client the session's user signed in to through the browser:
     * a browser session's {@code sid} carries the tokens of every client it signs in to (single sign-on). Joins
     * the caller's transaction: the user, locked, must still be enabled and the session still active, or
     * nothing is issued ({@code invalid_grant}); the refresh token, when the client has the grant, starts a
     * family of its own that ends with the session at the latest.
     *
     * @param scope    the scope granted, before the user's roles narrow it
     * @param audience the audience granted (RFC 8707)
     * @param nonce    for the ID token, exactly as the authorization request sent it; null when it had none
     */
    public SessionGrant forSession(String subject, OAuthClient client, String sid, Scope scope, Set<String> audience,
                                   Instant authTime, String nonce) {
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            User user = users.findByIdForUpdate(subject).filter(u -> !u.disabled())
                    .orElseThrow(() -> OAuthException.invalidGrant("Invalid authorization code",
                            "user " + subject + " disabled or deleted since sign-in"));
            Session session = sessions.find(sid).filter(s -> s.isActive(now) && s.subject().equals(subject))
                    .orElseThrow(() -> OAuthException.invalidGrant("Invalid authorization code",
                            "session " + sid + " ended since sign-in"));
            Scope granted = Entitlements.entitled(scope, user.roles());
            String refresh = null;
            String familyId = null;
            if (client.grantTypes().contains(GrantType.REFRESH_TOKEN)) {
                refresh = Secrets.newToken();
                familyId = Secrets.randomBase64Url(16);
                Instant absolute = min(now.plus(Entitlements.refreshAbsoluteTtl(client, config)), session.expiresAt());
                Instant idle = min(now.plus(Entitlements.refreshIdleTtl(client, config)), absolute);
                refreshTokens.save(new RefreshToken(Secrets.sha256(refresh), familyId, sid, client.clientId(),
                        subject, granted.toString(), audience, authTime, now, idle, absolute));
            }
            sessions.touch(sid, now);
            return new SessionGrant(mint(user, client, granted, audience, sid, authTime, refresh, nonce), familyId);
        });
    }

    /**
     * Tokens issued for an existing session.
     *
     * @param refreshFamilyId the family the refresh token starts; null when none was issued
     */
    public record SessionGrant(TokenResult tokens, String refreshFamilyId) {}

    /** The user as the login found it, and the scope its roles entitle it to. */
    private record Granted(User user, Scope scope) {}

    /**
     * Tokens for a session whose refresh token was just rotated to {@code nextRefreshToken}. Scope and
     * audience were validated before the rotation: nothing here can fail on the request's input.
     */
    public TokenResult refreshed(User user, OAuthClient client, Scope scope, Set<String> audience, String sid,
                                 Instant authTime, String nextRefreshToken) {
        metrics.tokenIssued(GrantType.REFRESH_TOKEN.getValue());
        return mint(user, client, scope, audience, sid, authTime, nextRefreshToken, null);
    }

    private TokenResult mint(User user, OAuthClient client, Scope scope, Set<String> audience, String sid,
                             Instant authTime, String refresh, String nonce) {
        MintedToken access = minter.accessToken(new AccessTokenClaims(user.id(), client.clientId(), audience,
                scope.toString(), sid, authTime, user.roles(), Entitlements.accessTokenTtl(client, config)),
                client.signingAlgorithm());
        MintedToken id = null;
        if (scope.contains(OIDCScopeValue.OPENID)) {
            id = minter.idToken(user.id(), client.clientId(), sid, authTime, user.username(),
                    user.roles().stream().sorted().toList(), nonce, access.value(), client.signingAlgorithm());
        }
        return new TokenResult(access, scope.toString(), refresh, id);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

package dev.gatehouse.core.grant;

import dev.gatehouse.core.config.TokenConfig;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.authorize.AuthorizationCodes;
import dev.gatehouse.core.authorize.IssuedTokens;
import dev.gatehouse.core.authorize.Redemption;
import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.logout.BackchannelLogoutStore;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.SessionTokens;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.token.MintedToken;
import dev.gatehouse.core.token.TokenResult;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6749 4.1.3 with PKCE (RFC 7636) and OpenID Connect Core 3.1.3: a code the browser brought back from
 * sign-in is exchanged for tokens of the login session it was issued in. Everything the code is bound to
 * (client, redirect URI, PKCE challenge) is checked first; a request failing one of them changes nothing, so
 * a stolen code presented without its verifier does not spend it. Then one conditional update redeems the
 * code, and the same transaction mints the tokens, keeps what it issued with the code and records the client
 * as a participant of the session. A code presented again is refused and what its redemption issued is revoked
 * (RFC 6749 4.1.2): one of the two presenters is not the client the code was meant for.
 */
public final class AuthorizationCodeGrantHandler implements GrantHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCodeGrantHandler.class);
    private static final String INVALID = "Invalid authorization code";

    private final Transactions transactions;
    private final AuthorizationCodes codes;
    private final SessionTokens sessionTokens;
    private final BackchannelLogoutStore backchannelLogouts;
    private final Revocations revocations;
    private final IssuerMetrics metrics;
    private final String userinfoAudience;

    public AuthorizationCodeGrantHandler(Transactions transactions, AuthorizationCodes codes, SessionTokens sessionTokens,
                                         BackchannelLogoutStore backchannelLogouts, Revocations revocations,
                                         TokenConfig config, IssuerMetrics metrics) {
        this.transactions = transactions;
        this.codes = codes;
        this.sessionTokens = sessionTokens;
        this.backchannelLogouts = backchannelLogouts;
        this.revocations = revocations;
        this.metrics = metrics;
        this.userinfoAudience = config.userinfoAudience();
    }

    @Override
    public GrantType grantType() {
        return GrantType.AUTHORIZATION_CODE;
    }

    /** The redemption, and the tokens it issued when it won. */
    private record Outcome(Redemption redemption, TokenResult tokens) {}

    @Override
    public TokenResult handle(GrantRequest request) {
        OAuthClient client = request.client();
        var grant = (AuthorizationCodeGrant) request.grant();
        AuthorizationCode code = codes.find(grant.getAuthorizationCode().getValue())
                .orElseThrow(() -> OAuthException.invalidGrant(INVALID, "unknown authorization code"));
        // RFC 6749 4.1.3: the code must have been issued to the authenticated client.
        if (!code.clientId().equals(client.clientId())) {
            throw OAuthException.invalidGrant(INVALID, "code of " + code.clientId() + " presented by " + client.clientId());
        }
        // RFC 6749 4.1.3: redirect_uri identical to the authorization request's, compared as text.
        if (!Objects.equals(text(code.redirectUri()), text(grant.getRedirectionURI()))) {
            throw OAuthException.invalidGrant(INVALID, "redirect_uri differs from the authorization request's");
        }
        verifyPkce(code, grant.getCodeVerifier(), client);
        Scope scope = Entitlements.stillGranted(client, new Scope(new TreeSet<>(code.scopes()).toArray(String[]::new)));
        Set<String> audience = Entitlements.signInAudience(client, code.audiences().isEmpty() ? null : code.audiences(),
                request.resources(), userinfoAudience);

        Outcome outcome = transactions.inTransaction(() -> {
            Redemption redemption = codes.redeem(code);
            if (!(redemption instanceof Redemption.Redeemed)) {
                return new Outcome(redemption, null);
            }
            SessionTokens.SessionGrant issued = sessionTokens.forSession(code.subject(), client, code.sessionId(),
                    scope, audience, code.authTime(), code.nonce());
            MintedToken access = issued.tokens().accessToken();
            codes.recordIssued(code, new IssuedTokens(issued.refreshFamilyId(), access.jti(), access.expiresAt()));
            backchannelLogouts.recordParticipant(code.sessionId(), client.clientId());
            return new Outcome(redemption, issued.tokens());
        });
        return switch (outcome.redemption()) {
            case Redemption.Redeemed redeemed -> {
                metrics.tokenIssued(GrantType.AUTHORIZATION_CODE.getValue());
                yield outcome.tokens();
            }
            case Redemption.Replayed replayed -> throw replay(replayed, client);
            case Redemption.Expired expired -> throw OAuthException.invalidGrant(INVALID, "authorization code expired");
            case Redemption.Unknown unknown -> throw OAuthException.invalidGrant(INVALID, "authorization code purged");
        };
    }

    /**
     * RFC 7636 4.6 and OAuth 2.1 4.1.3: a verifier exactly when the authorization request sent a challenge, and
     * then one whose S256 hash is the challenge. Only S256 challenges are stored; a verifier that is not 43 to
     * 128 unreserved characters never gets here, as the token request is malformed (invalid_request).
     */
    private static void verifyPkce(AuthorizationCode code, CodeVerifier verifier, OAuthClient client) {
        String challenge = code.codeChallenge();
        if (challenge == null) {
            if (verifier != null) {
                throw OAuthException.invalidGrant(INVALID, "code_verifier sent for a code issued without a challenge");
            }
            if (client.requiresPkce()) {
                throw OAuthException.invalidGrant(INVALID, "code without a challenge for a client that requires PKCE");
            }
            return;
        }
        if (verifier == null) {
            throw OAuthException.invalidGrant(INVALID, "code_verifier missing for a code issued with a challenge");
        }
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        if (!Secrets.constantTimeEquals(computed, challenge)) {
            throw OAuthException.invalidGrant(INVALID, "code_verifier does not match the code_challenge");
        }
    }

    private OAuthException replay(Redemption.Replayed replayed, OAuthClient client) {
        AuthorizationCode code = replayed.code();
        IssuedTokens issued = replayed.issued();
        if (issued != null) {
            revocations.revokeIssued(code.subject(), code.clientId(), issued.refreshFamilyId(), issued.accessTokenJti(),
                    issued.accessTokenExpiresAt(), "client:" + client.clientId(), "authorization_code_replayed");
        } else {
            LOG.warn("authorization code of {} replayed, but its redemption recorded nothing to revoke", code.clientId());
        }
        return OAuthException.invalidGrant(INVALID, "authorization code replayed: what it issued is revoked");
    }

    private static String text(URI uri) {
        return uri == null ? null : uri.toString();
    }
}

package dev.gatehouse.core.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.FailureAudit;
import dev.gatehouse.core.login.InMemoryLoginThrottle;
import dev.gatehouse.core.login.LoginThrottle;
import dev.gatehouse.core.login.ParallelAttempts;
import dev.gatehouse.core.oauth.OAuthException;
import java.net.URI;
import java.security.Key;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates the client of a token, revocation or introspection request: client_secret_basic,
 * client_secret_post, private_key_jwt (RFC 7523, short-lived and single-use), or {@code none} for a
 * public client. Every failure is invalid_client; the reason goes to the log and, as a reason code, to the
 * (bounded) audit log. Failed attempts are throttled per (client, address) and per address, a throttled
 * attempt is refused before any hashing, and attempts in progress count against a limit of their own,
 * never as failures.
 */
public final class ClientAuthenticator {
    public static final String FAILED = "client.authentication_failed";
    /** How far ahead of now an assertion's {@code exp} may lie. */
    static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);
    /** Tolerated difference between the client's clock and ours, for {@code exp} and {@code iat}. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** The longest claimed client id an audit event quotes. */
    private static final int AUDITED_CLIENT_ID = 128;
    /** No per-client counter: anyone could otherwise lock a client out from every address. */
    private static final ThrottleConfig THROTTLE =
            new ThrottleConfig(5, 50, Integer.MAX_VALUE, Duration.ofMinutes(15), Duration.ofHours(1));

    /** Why an authentication failed: a reason code for the audit log and a detail for the log. */
    private static final class Rejected extends RuntimeException {
        final String reason;

        Rejected(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private final ClientStore clients;
    private final ClientSecrets secrets;
    private final UsedAssertionStore usedAssertions;
    private final FailureAudit failures;
    private final Clock clock;
    private final LoginThrottle throttle;
    private final ClientAuthenticationVerifier<Void> jwtVerifier;

    /**
     * @param usedAssertions the ids of assertions already used, shared by every issuer node
     * @param failures       where failed attempts are audited
     * @param audiences      what a private_key_jwt assertion may name as {@code aud}: the issuer and its endpoints
     */
    public ClientAuthenticator(ClientStore clients, ClientSecrets secrets, UsedAssertionStore usedAssertions,
                               FailureAudit failures, Set<URI> audiences, Clock clock) {
        this.clients = clients;
        this.secrets = secrets;
        this.usedAssertions = usedAssertions;
        this.failures = failures;
        this.clock = clock;
        this.throttle = new InMemoryLoginThrottle(THROTTLE, ParallelAttempts.CLIENTS, clock);
        ClientCredentialsSelector<Void> selector = new ClientCredentialsSelector<>() {
            @Override
            public List<Secret> selectClientSecrets(ClientID id, ClientAuthenticationMethod m, Context<Void> c) {
                return List.of();
            }

            @Override
            public List<? extends PublicKey> selectPublicKeys(ClientID id, ClientAuthenticationMethod m, JWSHeader header,
                                                              boolean forceRefresh, Context<Void> c) throws InvalidClientException {
                return publicKeys(id, header);
            }
        };
        Set<Audience> aud = new HashSet<>();
        audiences.forEach(u -> aud.add(new Audience(u.toString())));
        this.jwtVerifier = new ClientAuthenticationVerifier<>(selector, aud);
    }

    /**
     * @param auth     the credentials the request carried, or null
     * @param clientId the {@code client_id} parameter, for a public client without credentials
     * @param address  the caller's address, for throttling and auditing failed attempts
     * @throws OAuthException invalid_client on failure, 429 with a wait while throttled or busy
     */
    public OAuthClient authenticate(ClientAuthentication auth, ClientID clientId, String address) {
        try {
            if (auth == null) {
                return identify(clientId);
            }
            if (clientId != null && !clientId.equals(auth.getClientID())) {
                throw new Rejected("client_id_mismatch", "client_id parameter does not match the authenticated client");
            }
            checkLength(auth.getClientID());
            return verifyAdmitted(auth, address);
        } catch (Rejected r) {
            ClientID claimed = auth != null ? auth.getClientID() : clientId;
            audit(claimed, auth != null ? auth.getMethod().getValue() : "none", r.reason, address);
            throw OAuthException.invalidClient(r.getMessage());
        }
    }

    /** A public client names itself with {@code client_id} and proves nothing. */
    private OAuthClient identify(ClientID clientId) {
        if (clientId == null) {
            throw new Rejected("no_credentials", "no client authentication and no client_id");
        }
        OAuthClient client = find(clientId);
        if (!client.isPublic()) {
            throw new Rejected("no_credentials", "confidential client " + clientId + " sent no credentials");
        }
        return client;
    }

    private OAuthClient verifyAdmitted(ClientAuthentication auth, String address) {
        String account = "client|" + auth.getClientID().getValue();
        LoginThrottle.Attempt attempt = switch (throttle.admit(account, address)) {
            case LoginThrottle.Refusal refusal -> throw refusal.exception();
            case LoginThrottle.Attempt admitted -> admitted;
        };
        try (attempt) {
            OAuthClient client;
            try {
                client = verify(auth);
            } catch (Rejected r) {
                // counted before the answer leaves, so a guess that failed slows down the next ones at once
                attempt.failed();
                throw r;
            }
            attempt.succeeded();
            return client;
        }
    }

    private OAuthClient verify(ClientAuthentication auth) {
        OAuthClient client = find(auth.getClientID());
        if (!client.authMethods().contains(auth.getMethod())) {
            throw new Rejected("method_not_allowed", "client " + client.clientId() + " may not use " + auth.getMethod());
        }
        switch (auth) {
            case ClientSecretBasic basic -> checkSecret(client, basic.getClientSecret());
            case ClientSecretPost post -> checkSecret(client, post.getClientSecret());
            case PrivateKeyJWT jwt -> checkAssertion(client, jwt);
            default -> throw new Rejected("method_not_allowed", "unsupported client authentication " + auth.getMethod());
        }
        return client;
    }

    /**
     * RFC 7523 3: the assertion must be unexpired, short-lived and unused. Its id is spent only once the
     * signature is good, so that forged assertions cannot fill the store of used ids.
     */
    private void checkAssertion(OAuthClient client, PrivateKeyJWT jwt) {
        JWTAuthenticationClaimsSet claims = jwt.getJWTAuthenticationClaimsSet();
        String rejected = "private_key_jwt of " + client.clientId() + " rejected: ";
        if (claims.getJWTID() == null || claims.getJWTID().getValue().isBlank()) {
            throw new Rejected("invalid_assertion", rejected + "no jti");
        }
        if (claims.getExpirationTime() == null) {
            throw new Rejected("invalid_assertion", rejected + "no exp");
        }
        Instant now = clock.instant();
        Instant exp = claims.getExpirationTime().toInstant();
        if (!exp.plus(CLOCK_SKEW).isAfter(now)) {
            throw new Rejected("invalid_assertion", rejected + "expired at " + exp);
        }
        if (exp.isAfter(now.plus(MAX_ASSERTION_LIFETIME).plus(CLOCK_SKEW))) {
            throw new Rejected("invalid_assertion", rejected + "exp " + exp + " more than " + MAX_ASSERTION_LIFETIME + " ahead");
        }
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new Rejected("invalid_assertion", rejected + "iat in the future");
        }
        try {
            jwtVerifier.verify(jwt, null, null);
        } catch (InvalidClientException | JOSEException e) {
            throw new Rejected("invalid_assertion", rejected + e.getMessage());
        }
        // kept until the assertion can no longer pass the exp check, where every issuer node sees it
        if (!usedAssertions.markUsed(client.clientId(), claims.getJWTID().getValue(), exp.plus(CLOCK_SKEW))) {
            throw new Rejected("assertion_replayed", rejected + "jti already used");
        }
    }

    private void audit(ClientID claimed, String method, String reason, String address) {
        String id = claimed == null ? null : claimed.getValue().length() <= AUDITED_CLIENT_ID ? claimed.getValue()
                : claimed.getValue().substring(0, AUDITED_CLIENT_ID);
        failures.record(AuditEvent.of(clock.instant(), FAILED, id == null ? "client" : "client:" + id, null, id, address,
                Map.of("reason", reason, "method", method)));
    }

    private void checkSecret(OAuthClient client, Secret secret) {
        if (!secrets.matches(secret.getValue(), client.secretHash())) {
            throw new Rejected("wrong_secret", "wrong secret for client " + client.clientId());
        }
    }

    private OAuthClient find(ClientID id) {
        checkLength(id);
        return clients.find(id.getValue())
                .orElseThrow(() -> new Rejected("unknown_client", "unknown client " + id));
    }

    private static void checkLength(ClientID id) {
        if (id.getValue().length() > 256) {
            throw new Rejected("unknown_client", "client_id too long");
        }
    }

    private List<PublicKey> publicKeys(ClientID id, JWSHeader header) throws InvalidClientException {
        OAuthClient client = clients.find(id.getValue()).orElseThrow(() -> InvalidClientException.BAD_ID);
        if (client.jwks() == null) {
            throw InvalidClientException.NO_REGISTERED_JWK_SET;
        }
        try {
            JWKSet set = JWKSet.parse(client.jwks());
            List<PublicKey> keys = new ArrayList<>();
            for (JWK jwk : new JWKSelector(JWKMatcher.forJWSHeader(header)).select(set)) {
                Key k = jwk.isPrivate() ? null : toPublicKey(jwk);
                if (k instanceof PublicKey pk) {
                    keys.add(pk);
                }
            }
            return keys;
        } catch (ParseException | JOSEException e) {
            throw new InvalidClientException("client JWK set unusable: " + e.getMessage());
        }
    }

    private static PublicKey toPublicKey(JWK jwk) throws JOSEException {
        if (jwk instanceof com.nimbusds.jose.jwk.AsymmetricJWK a) {
            return a.toPublicKey();
        }
        return null;
    }
}

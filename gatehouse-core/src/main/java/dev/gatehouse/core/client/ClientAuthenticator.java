package dev.gatehouse.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.login.InMemoryLoginThrottle;
import dev.gatehouse.core.login.LoginThrottle;
import dev.gatehouse.core.store.StoreUnavailableException;
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
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates the client of a token, revocation or introspection request: client_secret_basic,
 * client_secret_post, private_key_jwt (RFC 7523, short-lived and single-use), or {@code none} for a
 * public client. Every failure is invalid_client; the reason goes to the log only. Failed attempts are
 * throttled per (client, address) and per address, and a throttled attempt is refused before any hashing.
 */
public final class ClientAuthenticator {
    /** How far ahead of now an assertion's {@code exp} may lie. */
    static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);
    /** Tolerated difference between the client's clock and ours, for {@code exp} and {@code iat}. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /**
     * Used assertion ids remembered at once. When full, new assertions are refused rather than an id
     * forgotten before its assertion expires.
     */
    static final int MAX_USED_ASSERTIONS = 200_000;
    /** No per-client counter: anyone could otherwise lock a client out from every address. */
    private static final ThrottleConfig THROTTLE =
            new ThrottleConfig(5, 50, Integer.MAX_VALUE, Duration.ofMinutes(15), Duration.ofHours(1));

    private final ClientStore clients;
    private final ClientSecrets secrets;
    private final Clock clock;
    private final LoginThrottle throttle;
    private final ClientAuthenticationVerifier<Void> jwtVerifier;
    private final int maxUsedAssertions;
    private final Cache<String, Instant> usedAssertions;

    /**
     * @param audiences what a private_key_jwt assertion may name as {@code aud}: the issuer and its endpoints
     */
    public ClientAuthenticator(ClientStore clients, ClientSecrets secrets, Set<URI> audiences, Clock clock) {
        this(clients, secrets, audiences, clock, MAX_USED_ASSERTIONS);
    }

    ClientAuthenticator(ClientStore clients, ClientSecrets secrets, Set<URI> audiences, Clock clock, int maxUsedAssertions) {
        this.clients = clients;
        this.secrets = secrets;
        this.clock = clock;
        this.throttle = new InMemoryLoginThrottle(THROTTLE, clock);
        this.maxUsedAssertions = maxUsedAssertions;
        // each id is kept until its assertion can no longer pass the exp check
        this.usedAssertions = Caffeine.newBuilder()
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfter(Expiry.<String, Instant>creating((id, until) -> Duration.between(clock.instant(), until)))
                .build();
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
     * @param address  the caller's address, for throttling failed attempts
     * @throws OAuthException invalid_client on failure, slow_down (429 with a wait) while throttled
     */
    public OAuthClient authenticate(ClientAuthentication auth, ClientID clientId, String address) {
        if (auth == null) {
            if (clientId == null) {
                throw OAuthException.invalidClient("no client authentication and no client_id");
            }
            OAuthClient client = find(clientId);
            if (!client.isPublic()) {
                throw OAuthException.invalidClient("confidential client " + clientId + " sent no credentials");
            }
            return client;
        }
        if (clientId != null && !clientId.equals(auth.getClientID())) {
            throw OAuthException.invalidClient("client_id parameter does not match the authenticated client");
        }
        checkLength(auth.getClientID());
        String account = "client|" + auth.getClientID().getValue();
        // The admitted attempt counts as failed until it succeeds, so parallel guesses share no allowance.
        Optional<Duration> wait = throttle.admit(account, address);
        if (wait.isPresent()) {
            throw OAuthException.throttled(wait.get());
        }
        OAuthClient client;
        try {
            client = verify(auth);
        } catch (StoreUnavailableException e) {
            throttle.release(account, address);
            throw e;
        }
        throttle.recordSuccess(account, address);
        return client;
    }

    private OAuthClient verify(ClientAuthentication auth) {
        OAuthClient client = find(auth.getClientID());
        if (!client.authMethods().contains(auth.getMethod())) {
            throw OAuthException.invalidClient("client " + client.clientId() + " may not use " + auth.getMethod());
        }
        switch (auth) {
            case ClientSecretBasic basic -> checkSecret(client, basic.getClientSecret());
            case ClientSecretPost post -> checkSecret(client, post.getClientSecret());
            case PrivateKeyJWT jwt -> checkAssertion(client, jwt);
            default -> throw OAuthException.invalidClient("unsupported client authentication " + auth.getMethod());
        }
        return client;
    }

    /**
     * RFC 7523 3: the assertion must be unexpired, short-lived and unused. Its id is spent only once the
     * signature is good, so that forged assertions cannot fill the memory of used ids.
     */
    private void checkAssertion(OAuthClient client, PrivateKeyJWT jwt) {
        JWTAuthenticationClaimsSet claims = jwt.getJWTAuthenticationClaimsSet();
        String rejected = "private_key_jwt of " + client.clientId() + " rejected: ";
        if (claims.getJWTID() == null || claims.getJWTID().getValue().isBlank()) {
            throw OAuthException.invalidClient(rejected + "no jti");
        }
        if (claims.getExpirationTime() == null) {
            throw OAuthException.invalidClient(rejected + "no exp");
        }
        Instant now = clock.instant();
        Instant exp = claims.getExpirationTime().toInstant();
        if (!exp.plus(CLOCK_SKEW).isAfter(now)) {
            throw OAuthException.invalidClient(rejected + "expired at " + exp);
        }
        if (exp.isAfter(now.plus(MAX_ASSERTION_LIFETIME).plus(CLOCK_SKEW))) {
            throw OAuthException.invalidClient(rejected + "exp " + exp + " more than " + MAX_ASSERTION_LIFETIME + " ahead");
        }
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw OAuthException.invalidClient(rejected + "iat in the future");
        }
        try {
            jwtVerifier.verify(jwt, null, null);
        } catch (InvalidClientException | JOSEException e) {
            throw OAuthException.invalidClient(rejected + e.getMessage());
        }
        spend(client, claims.getJWTID().getValue(), exp.plus(CLOCK_SKEW), rejected);
    }

    private void spend(OAuthClient client, String jti, Instant rememberUntil, String rejected) {
        if (usedAssertions.estimatedSize() >= maxUsedAssertions) {
            usedAssertions.cleanUp();
            if (usedAssertions.estimatedSize() >= maxUsedAssertions) {
                throw OAuthException.invalidClient(rejected + "too many unexpired assertions remembered");
            }
        }
        String id = Secrets.sha256(client.clientId() + "\u0000" + jti);
        if (usedAssertions.asMap().putIfAbsent(id, rememberUntil) != null) {
            throw OAuthException.invalidClient(rejected + "jti already used");
        }
    }

    /** Used assertion ids currently remembered. */
    long usedAssertionCount() {
        usedAssertions.cleanUp();
        return usedAssertions.estimatedSize();
    }

    private void checkSecret(OAuthClient client, Secret secret) {
        if (!secrets.matches(secret.getValue(), client.secretHash())) {
            throw OAuthException.invalidClient("wrong secret for client " + client.clientId());
        }
    }

    private OAuthClient find(ClientID id) {
        checkLength(id);
        return clients.find(id.getValue())
                .orElseThrow(() -> OAuthException.invalidClient("unknown client " + id));
    }

    private static void checkLength(ClientID id) {
        if (id.getValue().length() > 256) {
            throw OAuthException.invalidClient("client_id too long");
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

package dev.gatehouse.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.ExpendedJTIChecker;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.gatehouse.core.oauth.OAuthException;
import java.net.URI;
import java.security.Key;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Authenticates the client of a token, revocation or introspection request: client_secret_basic,
 * client_secret_post, private_key_jwt (RFC 7523, with single-use {@code jti}), or {@code none} for a
 * public client. Every failure is invalid_client; the reason goes to the log only.
 */
public final class ClientAuthenticator {
    private final ClientStore clients;
    private final ClientSecrets secrets;
    private final ClientAuthenticationVerifier<Void> jwtVerifier;
    private final Cache<String, Boolean> usedJtis = Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfterWrite(Duration.ofMinutes(15))
            .build();

    /**
     * @param audiences what a private_key_jwt assertion may name as {@code aud}: the issuer and its endpoints
     */
    public ClientAuthenticator(ClientStore clients, ClientSecrets secrets, Set<URI> audiences) {
        this.clients = clients;
        this.secrets = secrets;
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
        ExpendedJTIChecker<Void> jtiChecker = new ExpendedJTIChecker<>() {
            @Override
            public boolean isExpended(JWTID jti, ClientID id, ClientAuthenticationMethod m, Context<Void> c) {
                return usedJtis.getIfPresent(id.getValue() + "|" + jti.getValue()) != null;
            }

            @Override
            public void markExpended(JWTID jti, java.util.Date exp, ClientID id, ClientAuthenticationMethod m, Context<Void> c) {
                usedJtis.put(id.getValue() + "|" + jti.getValue(), Boolean.TRUE);
            }
        };
        Set<Audience> aud = new java.util.HashSet<>();
        audiences.forEach(u -> aud.add(new Audience(u.toString())));
        this.jwtVerifier = new ClientAuthenticationVerifier<>(selector, aud, jtiChecker);
    }

    /**
     * @param auth     the credentials the request carried, or null
     * @param clientId the {@code client_id} parameter, for a public client without credentials
     */
    public OAuthClient authenticate(ClientAuthentication auth, ClientID clientId) {
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
        OAuthClient client = find(auth.getClientID());
        if (!client.authMethods().contains(auth.getMethod())) {
            throw OAuthException.invalidClient("client " + client.clientId() + " may not use " + auth.getMethod());
        }
        if (auth instanceof ClientSecretBasic basic) {
            checkSecret(client, basic.getClientSecret());
        } else if (auth instanceof ClientSecretPost post) {
            checkSecret(client, post.getClientSecret());
        } else if (auth instanceof PrivateKeyJWT) {
            try {
                jwtVerifier.verify(auth, null, null);
            } catch (InvalidClientException | JOSEException e) {
                throw OAuthException.invalidClient("private_key_jwt of " + client.clientId() + " rejected: " + e.getMessage());
            }
        } else {
            throw OAuthException.invalidClient("unsupported client authentication " + auth.getMethod());
        }
        return client;
    }

    private void checkSecret(OAuthClient client, Secret secret) {
        if (!secrets.matches(secret.getValue(), client.secretHash())) {
            throw OAuthException.invalidClient("wrong secret for client " + client.clientId());
        }
    }

    private OAuthClient find(ClientID id) {
        if (id.getValue().length() > 256) {
            throw OAuthException.invalidClient("client_id too long");
        }
        return clients.find(id.getValue())
                .orElseThrow(() -> OAuthException.invalidClient("unknown client " + id));
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

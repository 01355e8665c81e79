package dev.gatehouse.core.client;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.RequestAddress;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.store.Transactions;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Client administration. Secrets are generated here and returned once; only their hashes are stored.
 * Rotating a secret or deleting a client revokes every token issued to it.
 */
public final class ClientService {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<GrantType> SUPPORTED_GRANTS = Set.of(GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.PASSWORD);
    private static final Set<ClientAuthenticationMethod> SECRET_METHODS =
            Set.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);

    /** A client and, when one was generated, its secret in clear: shown once, never stored. */
    public record Created(OAuthClient client, String secret) {}

    private final Transactions transactions;
    private final ClientStore clients;
    private final Revocations revocations;
    private final TokenConfig config;
    private final AuditLog audit;
    private final Clock clock;

    public ClientService(Transactions transactions, ClientStore clients, Revocations revocations, TokenConfig config,
                         AuditLog audit, Clock clock) {
        this.transactions = transactions;
        this.clients = clients;
        this.revocations = revocations;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers a client. A confidential client using a secret method and given no secret hash gets a
     * generated secret.
     *
     * @throws IllegalArgumentException naming the invalid field
     */
    public Created create(OAuthClient requested, String actor) {
        validate(requested);
        String secret = null;
        OAuthClient client = requested;
        boolean usesSecret = requested.authMethods().stream().anyMatch(SECRET_METHODS::contains);
        if (usesSecret && requested.secretHash() == null) {
            secret = ClientSecrets.generate();
            client = requested.withSecretHash(ClientSecrets.hashGenerated(secret));
        }
        clients.create(client);
        record("client.created", actor, client.clientId());
        return new Created(client, secret);
    }

    /**
     * Replaces a client's registration (declarative provisioning). Tokens already issued stay valid, unless
     * the secret changed: a replaced secret may have leaked, so every token issued to the client until now is
     * revoked, as with {@link #rotateSecret}. Refreshes grant only what the new registration allows.
     */
    public OAuthClient upsert(OAuthClient client, String actor) {
        validate(client);
        Optional<OAuthClient> existing = clients.find(client.clientId());
        if (existing.isEmpty()) {
            clients.create(client);
            record("client.created", actor, client.clientId());
            return client;
        }
        OAuthClient merged = new OAuthClient(client.clientId(), client.name(), client.secretHash(), client.authMethods(),
                client.jwks(), client.grantTypes(), client.scopes(), client.audiences(), client.roles(),
                client.redirectUris(), client.firstParty(), client.introspection(), client.accessTokenTtl(),
                client.refreshIdleTtl(), client.refreshAbsoluteTtl(), client.refreshGracePeriod(), client.signingAlgorithm(),
                existing.get().createdAt());
        if (!merged.equals(existing.get())) {
            boolean secretChanged = !Objects.equals(merged.secretHash(), existing.get().secretHash());
            transactions.run(() -> {
                clients.update(merged);
                record("client.updated", actor, client.clientId());
                if (secretChanged) {
                    revocations.revokeClient(client.clientId(), actor, "client_secret_rotated");
                }
            });
        }
        return merged;
    }

    /** A new generated secret; every token issued to the client until now is revoked. */
    public Optional<String> rotateSecret(String clientId, String actor) {
        Optional<OAuthClient> client = clients.find(clientId);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        if (client.get().authMethods().stream().noneMatch(SECRET_METHODS::contains)) {
            throw new IllegalArgumentException("client " + clientId + " does not authenticate with a secret");
        }
        String secret = ClientSecrets.generate();
        transactions.run(() -> {
            clients.update(client.get().withSecretHash(ClientSecrets.hashGenerated(secret)));
            record("client.secret_rotated", actor, clientId);
            revocations.revokeClient(clientId, actor, "client_secret_rotated");
        });
        return Optional.of(secret);
    }

    public boolean delete(String clientId, String actor) {
        if (clients.find(clientId).isEmpty()) {
            return false;
        }
        transactions.run(() -> {
            revocations.revokeClient(clientId, actor, "client_deleted");
            clients.delete(clientId);
            record("client.deleted", actor, clientId);
        });
        return true;
    }

    public Optional<OAuthClient> find(String clientId) {
        return clients.find(clientId);
    }

    public List<OAuthClient> list() {
        return clients.list();
    }

    private void validate(OAuthClient c) {
        if (c.clientId() == null || !CLIENT_ID.matcher(c.clientId()).matches()) {
            throw new IllegalArgumentException("client_id: 1-128 characters of letters, digits and . _ : -");
        }
        if (c.authMethods().isEmpty()) {
            throw new IllegalArgumentException("auth_methods: at least one");
        }
        if (c.authMethods().contains(ClientAuthenticationMethod.NONE) && c.authMethods().size() > 1) {
            throw new IllegalArgumentException("auth_methods: none cannot be combined with other methods");
        }
        for (ClientAuthenticationMethod m : c.authMethods()) {
            if (!SECRET_METHODS.contains(m) && !ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(m)
                    && !ClientAuthenticationMethod.NONE.equals(m)) {
                throw new IllegalArgumentException("auth_methods: unsupported " + m);
            }
        }
        if (c.secretHash() != null && !ClientSecrets.isSupportedHash(c.secretHash())) {
            throw new IllegalArgumentException("secret hash: must be sha256:<base64url> or an $argon2id$ PHC string");
        }
        if (c.authMethods().contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
            if (c.jwks() == null) {
                throw new IllegalArgumentException("jwks: required for private_key_jwt");
            }
            try {
                JWKSet set = JWKSet.parse(c.jwks());
                if (set.getKeys().stream().anyMatch(k -> k.isPrivate())) {
                    throw new IllegalArgumentException("jwks: must hold public keys only");
                }
                // the assertion verifier needs a java.security key, which Nimbus cannot make of an OKP key
                if (set.getKeys().stream().anyMatch(k -> KeyType.OKP.equals(k.getKeyType()))) {
                    throw new IllegalArgumentException(
                            "jwks: Ed25519 keys are not supported for private_key_jwt; use EC P-256 or RSA");
                }
            } catch (ParseException e) {
                throw new IllegalArgumentException("jwks: not a JSON Web Key Set: " + e.getMessage());
            }
        }
        for (GrantType g : c.grantTypes()) {
            if (!SUPPORTED_GRANTS.contains(g)) {
                throw new IllegalArgumentException("grant_types: unsupported " + g);
            }
        }
        if (c.isPublic() && c.grantTypes().contains(GrantType.CLIENT_CREDENTIALS)) {
            throw new IllegalArgumentException("grant_types: a public client cannot use client_credentials");
        }
        for (URI u : c.redirectUris()) {
            if (!u.isAbsolute() || u.getFragment() != null) {
                throw new IllegalArgumentException("redirect_uris: absolute URI without fragment required: " + u);
            }
        }
        if (c.accessTokenTtl() != null && (c.accessTokenTtl().isNegative() || c.accessTokenTtl().isZero()
                || c.accessTokenTtl().compareTo(config.maxAccessTokenTtl()) > 0)) {
            throw new IllegalArgumentException("access_token_ttl: positive and at most " + config.maxAccessTokenTtl());
        }
        if (c.refreshIdleTtl() != null && (c.refreshIdleTtl().isNegative() || c.refreshIdleTtl().isZero())) {
            throw new IllegalArgumentException("refresh_idle_ttl: must be positive");
        }
        if (c.refreshAbsoluteTtl() != null && (c.refreshAbsoluteTtl().isNegative() || c.refreshAbsoluteTtl().isZero())) {
            throw new IllegalArgumentException("refresh_absolute_ttl: must be positive");
        }
        if (c.refreshGracePeriod() != null && (c.refreshGracePeriod().isNegative() || c.refreshGracePeriod().getNano() != 0
                || c.refreshGracePeriod().compareTo(OAuthClient.MAX_REFRESH_GRACE_PERIOD) > 0)) {
            throw new IllegalArgumentException("refresh_grace_period: whole seconds from 0 (strict) to "
                    + OAuthClient.MAX_REFRESH_GRACE_PERIOD.toSeconds());
        }
        if (c.signingAlgorithm() != null && !TokenConfig.SUPPORTED_ALGORITHMS.contains(c.signingAlgorithm())) {
            throw new IllegalArgumentException("signing_algorithm: one of ES256, EdDSA, RS256");
        }
    }

    private void record(String type, String actor, String clientId) {
        audit.record(AuditEvent.of(clock.instant(), type, actor, null, clientId, RequestAddress.current(), Map.of()));
    }
}

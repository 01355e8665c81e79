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
import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.core.validation.InvalidFieldException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Client administration. Secrets are generated here and returned once; only their hashes are stored.
 * Rotating a secret or deleting a client revokes every token issued to it.
 */
public final class ClientService {
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
     * @throws InvalidFieldException naming the invalid field
     */
    public Created create(OAuthClient requested, String actor) {
        check(requested);
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
    /** @throws InvalidFieldException naming the invalid field */
    public OAuthClient upsert(OAuthClient client, String actor) {
        check(client);
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
                existing.get().createdAt(), client.browser());
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

    /**
     * A new generated secret; every token issued to the client until now is revoked.
     *
     * @throws InvalidFieldException naming auth_methods when the client does not authenticate with a secret
     */
    public Optional<String> rotateSecret(String clientId, String actor) {
        Optional<OAuthClient> client = clients.find(clientId);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        if (client.get().authMethods().stream().noneMatch(SECRET_METHODS::contains)) {
            throw new InvalidFieldException("auth_methods", "client " + clientId + " does not authenticate with a secret");
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

    /**
     * The checks {@link #create} and {@link #upsert} make before storing, for a caller that wants a registration
     * judged without writing it (a provisioning entry that the database already holds as it is).
     *
     * @throws InvalidFieldException naming the invalid field
     */
    public void check(OAuthClient c) {
        FieldBounds.text("client_id", c.clientId(), FieldBounds.CLIENT_ID, FieldBounds.CLIENT_ID_RULE);
        if (c.name() != null && (c.name().isBlank() || c.name().length() > FieldBounds.CLIENT_NAME_MAX
                || c.name().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidFieldException("name", "1 to " + FieldBounds.CLIENT_NAME_MAX
                    + " characters, not all blank, without control characters");
        }
        if (c.authMethods().isEmpty()) {
            throw new InvalidFieldException("auth_methods", "at least one");
        }
        if (c.authMethods().contains(ClientAuthenticationMethod.NONE) && c.authMethods().size() > 1) {
            throw new InvalidFieldException("auth_methods", "none cannot be combined with other methods");
        }
        for (ClientAuthenticationMethod m : c.authMethods()) {
            if (!SECRET_METHODS.contains(m) && !ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(m)
                    && !ClientAuthenticationMethod.NONE.equals(m)) {
                throw new InvalidFieldException("auth_methods", "unsupported " + FieldBounds.quoted(m.getValue()));
            }
        }
        if (c.secretHash() != null && (c.secretHash().length() > FieldBounds.HASH_MAX
                || !ClientSecrets.isSupportedHash(c.secretHash()))) {
            throw new InvalidFieldException("secret_hash", "must be sha256:<base64url> or an $argon2id$ PHC string of at most "
                    + FieldBounds.HASH_MAX + " characters");
        }
        if (c.jwks() != null && c.jwks().length() > FieldBounds.JWKS_MAX) {
            throw new InvalidFieldException("jwks", "at most " + FieldBounds.JWKS_MAX + " characters");
        }
        if (c.authMethods().contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
            checkJwks(c.jwks());
        }
        for (GrantType g : c.grantTypes()) {
            if (!SUPPORTED_GRANTS.contains(g)) {
                throw new InvalidFieldException("grant_types", "unsupported " + FieldBounds.quoted(g.getValue()));
            }
        }
        if (c.isPublic() && c.grantTypes().contains(GrantType.CLIENT_CREDENTIALS)) {
            throw new InvalidFieldException("grant_types", "a public client cannot use client_credentials");
        }
        FieldBounds.words("scopes", c.scopes(), FieldBounds.SCOPES_MAX, FieldBounds.SCOPE, FieldBounds.SCOPE_RULE);
        FieldBounds.words("audiences", c.audiences(), FieldBounds.AUDIENCES_MAX, FieldBounds.AUDIENCE,
                FieldBounds.AUDIENCE_RULE);
        FieldBounds.words("roles", c.roles(), FieldBounds.ROLES_MAX, FieldBounds.ROLE, FieldBounds.ROLE_RULE);
        RedirectUris.check(c.redirectUris());
        lifetime("access_token_ttl", c.accessTokenTtl(), config.maxAccessTokenTtl());
        Duration longest = Duration.ofSeconds(FieldBounds.LIFETIME_MAX_SECONDS);
        lifetime("refresh_idle_ttl", c.refreshIdleTtl(), longest);
        lifetime("refresh_absolute_ttl", c.refreshAbsoluteTtl(), longest);
        Duration idle = c.refreshIdleTtl() == null ? config.refreshIdleTtl() : c.refreshIdleTtl();
        Duration absolute = c.refreshAbsoluteTtl() == null ? config.refreshAbsoluteTtl() : c.refreshAbsoluteTtl();
        if (idle.compareTo(absolute) > 0) {
            // a token unused for the idle lifetime would have outlived its family first
            String field = c.refreshIdleTtl() != null ? "refresh_idle_ttl" : "refresh_absolute_ttl";
            throw new InvalidFieldException(field, "the refresh idle lifetime (" + idle.toSeconds()
                    + " s) must not exceed the absolute one (" + absolute.toSeconds() + " s); one left out is the issuer's");
        }
        if (c.refreshGracePeriod() != null && (c.refreshGracePeriod().isNegative() || c.refreshGracePeriod().getNano() != 0
                || c.refreshGracePeriod().compareTo(OAuthClient.MAX_REFRESH_GRACE_PERIOD) > 0)) {
            throw new InvalidFieldException("refresh_grace_period", "whole seconds from 0 (strict) to "
                    + OAuthClient.MAX_REFRESH_GRACE_PERIOD.toSeconds());
        }
        if (c.signingAlgorithm() != null && !TokenConfig.SUPPORTED_ALGORITHMS.contains(c.signingAlgorithm())) {
            throw new InvalidFieldException("signing_algorithm", "one of ES256, EdDSA, RS256");
        }
    }

    private static void checkJwks(String jwks) {
        if (jwks == null) {
            throw new InvalidFieldException("jwks", "required for private_key_jwt");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(jwks);
        } catch (ParseException e) {
            throw new InvalidFieldException("jwks", "not a JSON Web Key Set: " + e.getMessage());
        }
        if (set.getKeys().stream().anyMatch(k -> k.isPrivate())) {
            throw new InvalidFieldException("jwks", "must hold public keys only");
        }
        // the assertion verifier needs a java.security key, which Nimbus cannot make of an OKP key
        if (set.getKeys().stream().anyMatch(k -> KeyType.OKP.equals(k.getKeyType()))) {
            throw new InvalidFieldException("jwks", "Ed25519 keys are not supported for private_key_jwt; use EC P-256 or RSA");
        }
    }

    /** Whole seconds (the store keeps seconds), from one second to {@code max}. */
    private static void lifetime(String field, Duration value, Duration max) {
        if (value != null && (value.getNano() != 0 || value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(max) > 0)) {
            throw new InvalidFieldException(field, "whole seconds from 1 to " + max.toSeconds() + " (" + max + ")");
        }
    }

    private void record(String type, String actor, String clientId) {
        audit.record(AuditEvent.of(clock.instant(), type, actor, null, clientId, RequestAddress.current(), Map.of()));
    }
}

package dev.gatehouse.app.provisioning;

import dev.gatehouse.app.provisioning.ProvisioningPlan.ClientEntry;
import dev.gatehouse.app.provisioning.ProvisioningPlan.UserEntry;
import dev.gatehouse.core.client.ClientSecrets;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.user.PasswordHasher;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.validation.InvalidFieldException;
import dev.gatehouse.server.IssuerServices;
import java.util.Optional;

/**
 * Applies a {@link ProvisioningPlan} idempotently in one transaction: entries that already match the
 * database are left alone (no write, no audit event). A secret or password read from the environment is
 * hashed with a fresh salt, so before hashing it is checked against the stored hash and, when it still
 * matches, the stored hash is kept.
 *
 * <p>A run that would leave no enabled user with the admin role, where there was one before, is refused as a
 * whole: the admin API would be unusable. The run is judged by the state it ends in, so a file may move the
 * role from one user to another in any order of its entries.
 */
public final class Provisioning {
    public static final String ACTOR = "provisioning";

    /** What an apply did; unchanged entries are counted in neither. */
    public record Result(int clientsWritten, int usersWritten) {}

    private final IssuerServices services;
    private final ClientSecrets secrets;
    private final PasswordHasher hasher;

    public Provisioning(IssuerServices services) {
        this.services = services;
        this.hasher = services.passwordHasher();
        this.secrets = new ClientSecrets(hasher);
    }

    /**
     * @throws ProvisioningException naming the entry whose registration the issuer refused, or when the run would
     *         leave no enabled administrator
     */
    public Result apply(ProvisioningPlan plan) {
        return services.stores().transactions().inTransaction(() -> {
            // Locked before any single user, in the order the admin API's user changes lock them.
            boolean hadAdmin = !services.stores().users().lockEnabledWithRole(User.ADMIN_ROLE).isEmpty();
            int clients = 0;
            for (ClientEntry entry : plan.clients()) {
                clients += apply(plan, entry) ? 1 : 0;
            }
            int users = 0;
            for (UserEntry entry : plan.users()) {
                users += apply(plan, entry) ? 1 : 0;
            }
            if (hadAdmin && services.stores().users().lockEnabledWithRole(User.ADMIN_ROLE).isEmpty()) {
                throw new ProvisioningException("provisioning file " + plan.file() + ": it would leave no enabled user "
                        + "with the " + User.ADMIN_ROLE + " role, and the admin API unusable; keep at least one "
                        + "enabled user with that role");
            }
            return new Result(clients, users);
        });
    }

    private boolean apply(ProvisioningPlan plan, ClientEntry entry) {
        Optional<OAuthClient> existing = services.clients().find(entry.client().clientId());
        String hash = switch (entry.secret().orElse(null)) {
            case null -> null;
            case SecretSpec.Hashed h -> h.hash();
            case SecretSpec.FromEnv f -> existing.map(OAuthClient::secretHash)
                    .filter(stored -> secrets.matches(f.value(), stored))
                    .orElseGet(() -> secrets.hashChosen(f.value()));
        };
        OAuthClient desired = entry.client().withSecretHash(hash);
        desired = new OAuthClient(desired.clientId(), desired.name(), desired.secretHash(), desired.authMethods(),
                desired.jwks(), desired.grantTypes(), desired.scopes(), desired.audiences(), desired.roles(),
                desired.redirectUris(), desired.firstParty(), desired.introspection(), desired.accessTokenTtl(),
                desired.refreshIdleTtl(), desired.refreshAbsoluteTtl(), desired.refreshGracePeriod(), desired.signingAlgorithm(),
                existing.map(OAuthClient::createdAt).orElse(services.clock().instant()), desired.browser());
        try {
            // an entry the database already holds is judged too: a file is refused for what it says
            services.clients().check(desired);
            if (existing.isPresent() && existing.get().equals(desired)) {
                return false;
            }
            services.clients().upsert(desired, ACTOR);
        } catch (InvalidFieldException e) {
            throw refused(plan, entry.where(), e);
        }
        return true;
    }

    private boolean apply(ProvisioningPlan plan, UserEntry entry) {
        Optional<User> existing = services.stores().users().findByUsername(entry.username());
        String hash = switch (entry.password().orElse(null)) {
            case null -> null;
            case SecretSpec.Hashed h -> h.hash();
            case SecretSpec.FromEnv f -> existing.map(User::passwordHash)
                    .filter(stored -> hasher.verify(f.value(), stored))
                    .orElseGet(() -> hasher.hash(f.value()));
        };
        boolean changed = existing.isEmpty()
                || (hash != null && !hash.equals(existing.get().passwordHash()))
                || !entry.roles().equals(existing.get().roles())
                || entry.disabled() != existing.get().disabled();
        if (changed) {
            try {
                services.users().upsertWithHash(entry.username(), hash, entry.roles(), entry.disabled(), ACTOR);
            } catch (InvalidFieldException e) {
                throw refused(plan, entry.where(), e);
            }
        }
        return changed;
    }

    /** Worded like the file reader's own errors, naming the entry and the field. */
    private static ProvisioningException refused(ProvisioningPlan plan, String where, InvalidFieldException e) {
        return new ProvisioningException("provisioning file " + plan.file() + ": " + where + ": field " + e.field()
                + ": " + e.detail());
    }
}

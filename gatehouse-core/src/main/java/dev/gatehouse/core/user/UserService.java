package dev.gatehouse.core.user;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.RequestAddress;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.core.validation.InvalidFieldException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * User administration. Disabling, deleting or re-keying a user revokes every session and token of theirs
 * through {@link Revocations}, so gateways stop honouring them at once.
 */
public final class UserService {
    public static final int MIN_PASSWORD = FieldBounds.PASSWORD_MIN;
    public static final int MAX_PASSWORD = FieldBounds.PASSWORD_MAX;

    private final Transactions transactions;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final Revocations revocations;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(Transactions transactions, UserStore users, PasswordHasher hasher, Revocations revocations,
                       AuditLog audit, Clock clock) {
        this.transactions = transactions;
        this.users = users;
        this.hasher = hasher;
        this.revocations = revocations;
        this.audit = audit;
        this.clock = clock;
    }

    /** @throws InvalidFieldException on an invalid username, password or roles */
    public User create(String username, String password, Set<String> roles, String actor) {
        return create(username, password, roles, UserProfile.EMPTY, actor);
    }

    /** @throws InvalidFieldException on an invalid username, password, roles or profile claim */
    public User create(String username, String password, Set<String> roles, UserProfile profile, String actor) {
        checkUsername(username);
        checkRoles(roles);
        ProfileBounds.check(profile);
        String hash = password == null ? null : hasher.hash(checkPassword(password));
        Instant now = clock.instant();
        User user = new User(UUID.randomUUID().toString(), username, hash, false, roles, now, now, profile);
        users.create(user);
        record("user.created", actor, user.id(), Map.of("username", username));
        return user;
    }

    /** Like {@link #upsertWithHash(String, String, Set, boolean, ProfilePatch, String)}, leaving profiles alone. */
    public User upsertWithHash(String username, String passwordHash, Set<String> roles, boolean disabled, String actor) {
        return upsertWithHash(username, passwordHash, roles, disabled, ProfilePatch.NONE, actor);
    }

    /**
     * Creates the user, or sets password, roles, the disabled flag and profile claims of the existing one; for
     * declarative provisioning. The profile changes as {@code profile} says: claims it does not name keep their
     * values. Unlike the single changes below, this does not refuse to take the admin role from the last
     * enabled holder: a provisioning run is judged by the state it ends in, not by each of its steps.
     *
     * @param passwordHash an Argon2id PHC string; null keeps the existing user's password
     * @throws InvalidFieldException on an invalid username, password hash, roles or profile claim
     */
    public User upsertWithHash(String username, String passwordHash, Set<String> roles, boolean disabled,
                               ProfilePatch profile, String actor) {
        checkUsername(username);
        checkRoles(roles);
        ProfileBounds.check(profile.applyTo(UserProfile.EMPTY));
        if (passwordHash != null && (passwordHash.length() > FieldBounds.HASH_MAX || !passwordHash.startsWith("$argon2id$"))) {
            throw new InvalidFieldException("password_hash", "an Argon2id PHC string ($argon2id$...) of at most "
                    + FieldBounds.HASH_MAX + " characters");
        }
        Instant now = clock.instant();
        Optional<User> existing = users.findByUsername(username);
        if (existing.isEmpty()) {
            User user = new User(UUID.randomUUID().toString(), username, passwordHash, disabled, roles, now, now,
                    profile.applyTo(UserProfile.EMPTY));
            users.create(user);
            record("user.created", actor, user.id(), Map.of("username", username));
            if (disabled) {
                record("user.disabled", actor, user.id(), Map.of());
            }
            return user;
        }
        User user = existing.get();
        String hash = passwordHash == null ? user.passwordHash() : passwordHash;
        boolean passwordChanged = !Objects.equals(hash, user.passwordHash());
        boolean rolesChanged = !roles.equals(user.roles());
        UserProfile newProfile = ProfileBounds.check(profile.applyTo(user.profile()));
        boolean profileChanged = !newProfile.equals(user.profile());
        if (!passwordChanged && !rolesChanged && !profileChanged && disabled == user.disabled()) {
            return user;
        }
        User updated = new User(user.id(), user.username(), hash, disabled, roles, user.createdAt(), now, newProfile);
        transactions.run(() -> {
            users.update(updated);
            if (passwordChanged || rolesChanged || profileChanged) {
                record("user.updated", actor, user.id(), Map.of("username", username));
            }
            if (disabled != user.disabled()) {
                record(disabled ? "user.disabled" : "user.enabled", actor, user.id(), Map.of());
            }
            if (disabled && !user.disabled()) {
                revocations.revokeSubject(user.id(), actor, "user_disabled");
            } else if (passwordChanged) {
                revocations.revokeSubject(user.id(), actor, "password_changed");
            } else if (!roles.containsAll(user.roles())) {
                revocations.revokeSubject(user.id(), actor, "roles_reduced");
            }
        });
        return updated;
    }

    public Optional<User> find(String id) {
        return users.findById(id);
    }

    public Page<User> list(String search, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 200) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1..200");
        }
        return users.list(search, offset, limit);
    }

    /** @throws LastAdminException when disabling the last enabled user with the admin role */
    public Optional<User> setDisabled(String id, boolean disabled, String actor) {
        return transactions.inTransaction(() -> {
            Set<String> admins = disabled ? lockAdmins() : Set.of();
            return users.findByIdForUpdate(id).map(user -> {
                User updated = user.withDisabled(disabled, clock.instant());
                keepAnAdmin(user, updated, admins);
                users.update(updated);
                record(disabled ? "user.disabled" : "user.enabled", actor, id, Map.of());
                if (disabled) {
                    revocations.revokeSubject(id, actor, "user_disabled");
                }
                return updated;
            });
        });
    }

    /** Sets the password and ends every session of the user. @throws InvalidFieldException on an invalid password */
    public Optional<User> setPassword(String id, String password, String actor) {
        String hash = hasher.hash(checkPassword(password));
        return transactions.inTransaction(() -> users.findByIdForUpdate(id).map(user -> {
            User updated = user.withPasswordHash(hash, clock.instant());
            users.update(updated);
            record("user.password_set", actor, id, Map.of());
            revocations.revokeSubject(id, actor, "password_changed");
            return updated;
        }));
    }

    /**
     * New roles apply to tokens minted from now on (including on the next refresh). Taking a role away also
     * revokes every token of the user issued until now: a token must not keep a right its holder lost.
     *
     * @throws LastAdminException when taking the admin role from the last enabled user holding it
     * @throws InvalidFieldException on invalid roles
     */
    public Optional<User> setRoles(String id, Set<String> roles, String actor) {
        checkRoles(roles);
        return transactions.inTransaction(() -> {
            Set<String> admins = roles.contains(User.ADMIN_ROLE) ? Set.of() : lockAdmins();
            return users.findByIdForUpdate(id).map(user -> {
                User updated = user.withRoles(roles, clock.instant());
                keepAnAdmin(user, updated, admins);
                users.update(updated);
                record("user.roles_set", actor, id, Map.of("roles", String.join(" ", roles.stream().sorted().toList())));
                if (!roles.containsAll(user.roles())) {
                    revocations.revokeSubject(id, actor, "roles_reduced");
                }
                return updated;
            });
        });
    }

    /**
     * Changes the user's profile claims as {@code patch} says, reading and writing the user in one transaction so
     * that a concurrent change of another claim is not lost. A profile is not a credential: no token is revoked,
     * and userinfo answers with the new values at once.
     *
     * @throws InvalidFieldException naming the claim whose new value is invalid
     */
    public Optional<User> updateProfile(String id, ProfilePatch patch, String actor) {
        return transactions.inTransaction(() -> users.findByIdForUpdate(id).map(user -> {
            UserProfile profile = ProfileBounds.check(patch.applyTo(user.profile()));
            if (profile.equals(user.profile())) {
                return user;
            }
            User updated = user.withProfile(profile, clock.instant());
            users.update(updated);
            // the names of the claims only: their values are personal data, kept out of the audit log
            record("user.profile_updated", actor, id, Map.of("claims", String.join(" ", patch.claims())));
            return updated;
        }));
    }

    /** @throws LastAdminException when deleting the last enabled user with the admin role */
    public boolean delete(String id, String actor) {
        return transactions.inTransaction(() -> {
            Set<String> admins = lockAdmins();
            Optional<User> user = users.findByIdForUpdate(id);
            if (user.isEmpty()) {
                return false;
            }
            keepAnAdmin(user.get(), null, admins);
            revocations.revokeSubject(id, actor, "user_deleted");
            boolean deleted = users.delete(id);
            record("user.deleted", actor, id, Map.of());
            return deleted;
        });
    }

    /**
     * Locks every enabled administrator before the user a change is about to lock, always in this order: two
     * administrators taking the role from each other at once then run one after the other, and the second is
     * refused, instead of both seeing the other as the one who remains.
     */
    private Set<String> lockAdmins() {
        return users.lockEnabledWithRole(User.ADMIN_ROLE);
    }

    /**
     * Refuses a change that leaves no enabled user with the admin role: the admin API would be unusable, and
     * the bootstrap administrator is created only on an empty database. {@code after} is null for a deletion.
     */
    private static void keepAnAdmin(User before, User after, Set<String> lockedAdmins) {
        boolean loses = before.isEnabledAdmin() && (after == null || !after.isEnabledAdmin());
        if (loses && lockedAdmins.stream().allMatch(before.id()::equals)) {
            throw new LastAdminException("user " + before.username() + " is the last enabled user with the "
                    + User.ADMIN_ROLE + " role; give the role to another user first");
        }
    }

    private void record(String type, String actor, String subject, Map<String, String> details) {
        audit.record(AuditEvent.of(clock.instant(), type, actor, subject, null, RequestAddress.current(), details));
    }

    private static void checkUsername(String username) {
        FieldBounds.text("username", username, FieldBounds.USERNAME, FieldBounds.USERNAME_RULE);
    }

    private static void checkRoles(Set<String> roles) {
        FieldBounds.words("roles", roles, FieldBounds.ROLES_MAX, FieldBounds.ROLE, FieldBounds.ROLE_RULE);
    }

    private static String checkPassword(String password) {
        // counted in characters (code points), not UTF-16 units: an emoji is one character, not two
        int characters = password == null ? 0 : password.codePointCount(0, password.length());
        if (password == null || characters < MIN_PASSWORD || characters > MAX_PASSWORD) {
            throw new InvalidFieldException("password", MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return password;
    }
}

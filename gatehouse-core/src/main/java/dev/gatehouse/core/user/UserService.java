package dev.gatehouse.core.user;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.RequestAddress;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.store.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * User administration. Disabling, deleting or re-keying a user revokes every session and token of theirs
 * through {@link Revocations}, so gateways stop honouring them at once.
 */
public final class UserService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1024;

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

    /** @throws IllegalArgumentException on an invalid username, password or role */
    public User create(String username, String password, Set<String> roles, String actor) {
        checkUsername(username);
        roles.forEach(UserService::checkRole);
        String hash = password == null ? null : hasher.hash(checkPassword(password));
        Instant now = clock.instant();
        User user = new User(UUID.randomUUID().toString(), username, hash, false, roles, now, now);
        users.create(user);
        record("user.created", actor, user.id(), Map.of("username", username));
        return user;
    }

    /**
     * Creates the user, or sets password, roles and the disabled flag of the existing one; for declarative
     * provisioning. Unlike the single changes below, this does not refuse to take the admin role from the last
     * enabled holder: a provisioning run is judged by the state it ends in, not by each of its steps.
     */
    public User upsertWithHash(String username, String passwordHash, Set<String> roles, boolean disabled, String actor) {
        checkUsername(username);
        roles.forEach(UserService::checkRole);
        Instant now = clock.instant();
        Optional<User> existing = users.findByUsername(username);
        if (existing.isEmpty()) {
            User user = new User(UUID.randomUUID().toString(), username, passwordHash, disabled, roles, now, now);
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
        if (!passwordChanged && !rolesChanged && disabled == user.disabled()) {
            return user;
        }
        User updated = new User(user.id(), user.username(), hash, disabled, roles, user.createdAt(), now);
        transactions.run(() -> {
            users.update(updated);
            if (passwordChanged || rolesChanged) {
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

    /** Sets the password and ends every session of the user. */
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
     */
    public Optional<User> setRoles(String id, Set<String> roles, String actor) {
        roles.forEach(UserService::checkRole);
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
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username: 1-128 characters of letters, digits and . _ @ + -");
        }
    }

    static void checkRole(String role) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role: 1-64 characters of letters, digits and . _ : -, got " + role);
        }
    }

    private static String checkPassword(String password) {
        // counted in characters (code points), not UTF-16 units: an emoji is one character, not two
        int characters = password == null ? 0 : password.codePointCount(0, password.length());
        if (password == null || characters < MIN_PASSWORD || characters > MAX_PASSWORD) {
            throw new IllegalArgumentException("password: " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return password;
    }
}

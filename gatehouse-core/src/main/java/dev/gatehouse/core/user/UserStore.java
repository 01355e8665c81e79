package dev.gatehouse.core.user;

import dev.gatehouse.core.store.Page;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

public interface UserStore {
    /** @throws dev.gatehouse.core.store.DuplicateException when the username is taken */
    void create(User user);

    /** Replaces username, password hash, disabled flag, roles, profile and updatedAt; false when absent. */
    boolean update(User user);

    boolean delete(String id);

    Optional<User> findById(String id);

    /**
     * Within a transaction: the user, locked until the transaction ends, so that a read-change-write of it
     * cannot lose a concurrent change and a concurrent change waits for this transaction.
     */
    Optional<User> findByIdForUpdate(String id);

    /**
     * Within a transaction: the ids of the enabled users holding {@code role} (that exact role, not a role
     * containing it), each locked until the transaction ends. Callers take this lock before locking any single
     * user, so two changes that each would take away one of the last holders run one after the other, and the
     * second sees the first's outcome.
     */
    Set<String> lockEnabledWithRole(String role);

    /**
     * Replaces only the password hash, and only while it is still {@code expectedHash}: for a rehash that must
     * not undo a change made meanwhile. False when the user is gone or its hash changed.
     */
    boolean replacePasswordHash(String id, String expectedHash, String newHash, Instant updatedAt);

    /** Usernames are matched case-insensitively. */
    Optional<User> findByUsername(String username);

    /** Users ordered by username; {@code search} (nullable) matches a substring of the username. */
    Page<User> list(String search, int offset, int limit);
}

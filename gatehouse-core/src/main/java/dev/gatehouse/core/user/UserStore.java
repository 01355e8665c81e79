package dev.gatehouse.core.user;

import dev.gatehouse.core.store.Page;
import java.util.Optional;

public interface UserStore {
    /** @throws dev.gatehouse.core.store.DuplicateException when the username is taken */
    void create(User user);

    /** Replaces username, password hash, disabled flag, roles and updatedAt; false when absent. */
    boolean update(User user);

    boolean delete(String id);

    Optional<User> findById(String id);

    /** Usernames are matched case-insensitively. */
    Optional<User> findByUsername(String username);

    /** Users ordered by username; {@code search} (nullable) matches a substring of the username. */
    Page<User> list(String search, int offset, int limit);
}

package dev.gatehouse.core.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A person who can log in. {@code id} is the stable subject ({@code sub}); {@code passwordHash} is an
 * Argon2id PHC string, or null for a user who cannot log in with a password; {@code profile} holds the
 * OpenID Connect standard claims (never null; {@link UserProfile#EMPTY} when none is known).
 */
public record User(String id, String username, String passwordHash, boolean disabled, Set<String> roles,
                   Instant createdAt, Instant updatedAt, UserProfile profile) {
    /** The role the admin API requires; at least one enabled user keeps it once one had it. */
    public static final String ADMIN_ROLE = "admin";

    public User {
        roles = Set.copyOf(roles);
        profile = Objects.requireNonNullElse(profile, UserProfile.EMPTY);
    }

    /** A user without profile claims. */
    public User(String id, String username, String passwordHash, boolean disabled, Set<String> roles,
                Instant createdAt, Instant updatedAt) {
        this(id, username, passwordHash, disabled, roles, createdAt, updatedAt, UserProfile.EMPTY);
    }

    /** Whether this user can use the admin API: enabled and holding {@link #ADMIN_ROLE}. */
    public boolean isEnabledAdmin() {
        return !disabled && roles.contains(ADMIN_ROLE);
    }

    public User withPasswordHash(String hash, Instant at) {
        return new User(id, username, hash, disabled, roles, createdAt, at, profile);
    }

    public User withDisabled(boolean value, Instant at) {
        return new User(id, username, passwordHash, value, roles, createdAt, at, profile);
    }

    public User withRoles(Set<String> value, Instant at) {
        return new User(id, username, passwordHash, disabled, value, createdAt, at, profile);
    }

    public User withProfile(UserProfile value, Instant at) {
        return new User(id, username, passwordHash, disabled, roles, createdAt, at, value);
    }
}

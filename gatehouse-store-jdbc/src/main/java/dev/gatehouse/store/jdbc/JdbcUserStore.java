package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserProfile;
import dev.gatehouse.core.user.UserStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

final class JdbcUserStore implements UserStore {
    /** The profile's columns, in the order {@link #setProfile} writes them. */
    private static final String PROFILE_COLUMNS = "name, given_name, family_name, middle_name, nickname, "
            + "preferred_username, profile_url, picture_url, website_url, email, email_verified, gender, birthdate, "
            + "zoneinfo, locale, phone_number, phone_number_verified, address_formatted, address_street, "
            + "address_locality, address_region, address_postal_code, address_country";
    private static final int PROFILE_COUNT = 23;
    private static final String COLUMNS = "id, username, password_hash, disabled, roles, created_at, updated_at, "
            + PROFILE_COLUMNS;

    private final JdbcTransactions db;

    JdbcUserStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void create(User user) {
        db.call("create user " + user.username(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, username, username_lower, "
                    + "password_hash, disabled, roles, created_at, updated_at, " + PROFILE_COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?" + ", ?".repeat(PROFILE_COUNT) + ")")) {
                ps.setString(1, user.id());
                ps.setString(2, user.username());
                ps.setString(3, lower(user.username()));
                ps.setString(4, user.passwordHash());
                ps.setBoolean(5, user.disabled());
                ps.setString(6, Columns.words(user.roles()));
                setInstant(ps, 7, user.createdAt());
                setInstant(ps, 8, user.updatedAt());
                setProfile(ps, 9, user.profile());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean update(User user) {
        return db.call("update user " + user.username(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET username = ?, username_lower = ?, "
                    + "password_hash = ?, disabled = ?, roles = ?, updated_at = ?, "
                    + PROFILE_COLUMNS.replace(",", " = ?,") + " = ? WHERE id = ?")) {
                ps.setString(1, user.username());
                ps.setString(2, lower(user.username()));
                ps.setString(3, user.passwordHash());
                ps.setBoolean(4, user.disabled());
                ps.setString(5, Columns.words(user.roles()));
                setInstant(ps, 6, user.updatedAt());
                setProfile(ps, 7, user.profile());
                ps.setString(7 + PROFILE_COUNT, user.id());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return db.call("delete user", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<User> findById(String id) {
        return findOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
    }

    @Override
    public Optional<User> findByIdForUpdate(String id) {
        return findOne("SELECT " + COLUMNS + " FROM users WHERE id = ? FOR UPDATE", id);
    }

    /**
     * Two statements: the first locks the holders in id order (so that two callers lock them in the same order
     * and cannot deadlock); once it has waited out a concurrent change, the second reads them again as
     * committed, on every engine alike. Roles are stored space-separated, so " roles " contains " role " exactly
     * when the user holds that very role.
     */
    @Override
    public Set<String> lockEnabledWithRole(String role) {
        String where = " FROM users WHERE disabled = FALSE AND ' ' || roles || ' ' LIKE ? ESCAPE '!'";
        String pattern = "% " + escapeLike(role) + " %";
        return db.atomically("lock users with role", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id" + where + " ORDER BY id FOR UPDATE")) {
                ps.setString(1, pattern);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // reading a row is what locks it
                    }
                }
            }
            Set<String> ids = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id" + where)) {
                ps.setString(1, pattern);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return Set.copyOf(ids);
        });
    }

    @Override
    public boolean replacePasswordHash(String id, String expectedHash, String newHash, Instant updatedAt) {
        return db.call("rehash password", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?")) {
                ps.setString(1, newHash);
                setInstant(ps, 2, updatedAt);
                ps.setString(3, id);
                ps.setString(4, expectedHash);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return findOne("SELECT " + COLUMNS + " FROM users WHERE username_lower = ?", lower(username));
    }

    @Override
    public Page<User> list(String search, int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1, got " + offset + ", " + limit);
        }
        String pattern = search == null || search.isEmpty() ? null : "%" + escapeLike(lower(search)) + "%";
        String where = pattern == null ? "" : " WHERE username_lower LIKE ? ESCAPE '!'";
        return db.call("list users", c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users" + where)) {
                if (pattern != null) {
                    ps.setString(1, pattern);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<User> users = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users" + where
                    + " ORDER BY username_lower, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int i = 1;
                if (pattern != null) {
                    ps.setString(i++, pattern);
                }
                ps.setInt(i++, offset);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        users.add(read(rs));
                    }
                }
            }
            return new Page<>(users, total, offset, limit);
        });
    }

    private Optional<User> findOne(String sql, String key) {
        return db.call("find user", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<User>empty();
                }
            }
        });
    }

    private static User read(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("username"), rs.getString("password_hash"),
                rs.getBoolean("disabled"), Columns.wordSet(rs.getString("roles")), instant(rs, "created_at"),
                instant(rs, "updated_at"), readProfile(rs));
    }

    private static void setProfile(PreparedStatement ps, int first, UserProfile p) throws SQLException {
        UserProfile.Address a = p.address() == null ? UserProfile.Address.EMPTY : p.address();
        Object[] values = {p.name(), p.givenName(), p.familyName(), p.middleName(), p.nickname(),
                p.preferredUsername(), p.profile(), p.picture(), p.website(), p.email(), p.emailVerified(), p.gender(),
                p.birthdate(), p.zoneinfo(), p.locale(), p.phoneNumber(), p.phoneNumberVerified(), a.formatted(),
                a.streetAddress(), a.locality(), a.region(), a.postalCode(), a.country()};
        for (int i = 0; i < PROFILE_COUNT; i++) {
            switch (values[i]) {
                case null -> ps.setNull(first + i, i == 10 || i == 16 ? Types.BOOLEAN : Types.VARCHAR);
                case Boolean b -> ps.setBoolean(first + i, b);
                default -> ps.setString(first + i, (String) values[i]);
            }
        }
    }

    private static UserProfile readProfile(ResultSet rs) throws SQLException {
        UserProfile.Address address = new UserProfile.Address(rs.getString("address_formatted"),
                rs.getString("address_street"), rs.getString("address_locality"), rs.getString("address_region"),
                rs.getString("address_postal_code"), rs.getString("address_country"));
        return new UserProfile(rs.getString("name"), rs.getString("given_name"), rs.getString("family_name"),
                rs.getString("middle_name"), rs.getString("nickname"), rs.getString("preferred_username"),
                rs.getString("profile_url"), rs.getString("picture_url"), rs.getString("website_url"),
                rs.getString("email"), bool(rs, "email_verified"), rs.getString("gender"), rs.getString("birthdate"),
                rs.getString("zoneinfo"), rs.getString("locale"), rs.getString("phone_number"),
                bool(rs, "phone_number_verified"), address);
    }

    private static Boolean bool(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    private static String lower(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** '!' escapes LIKE's wildcards so that a search for "a_b" finds only that text. */
    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}

package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.authorize.AuthorizationRequestStore;
import dev.gatehouse.core.authorize.StoredAuthorizationRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class JdbcAuthorizationRequestStore implements AuthorizationRequestStore {
    private static final String COLUMNS = "handle_hash, kind, client_id, parameters, binding_hash, expires_at";

    private final JdbcTransactions db;

    JdbcAuthorizationRequestStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void save(StoredAuthorizationRequest request) {
        db.call("save authorization request", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO authorization_requests (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, request.handleHash());
                ps.setString(2, request.kind().value());
                ps.setString(3, request.clientId());
                ps.setString(4, request.parameters());
                ps.setString(5, request.bindingHash());
                setInstant(ps, 6, request.expiresAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<StoredAuthorizationRequest> find(String handleHash) {
        return db.call("find authorization request", c -> select(c, handleHash));
    }

    @Override
    public Optional<StoredAuthorizationRequest> take(String handleHash) {
        // the conditional delete decides a race: only the caller whose delete removed the row may use it
        return db.call("take authorization request", c -> {
            Optional<StoredAuthorizationRequest> found = select(c, handleHash);
            return found.isPresent() && delete(c, handleHash) ? found : Optional.<StoredAuthorizationRequest>empty();
        });
    }

    @Override
    public boolean delete(String handleHash) {
        return db.call("delete authorization request", c -> delete(c, handleHash));
    }

    @Override
    public int purgeExpired(Instant before) {
        return db.call("purge expired authorization requests", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM authorization_requests WHERE expires_at < ?")) {
                setInstant(ps, 1, before);
                return ps.executeUpdate();
            }
        });
    }

    private static Optional<StoredAuthorizationRequest> select(Connection c, String handleHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM authorization_requests "
                + "WHERE handle_hash = ?")) {
            ps.setString(1, handleHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredAuthorizationRequest(rs.getString("handle_hash"),
                        StoredAuthorizationRequest.Kind.parse(rs.getString("kind")), rs.getString("client_id"),
                        rs.getString("parameters"), rs.getString("binding_hash"), instant(rs, "expires_at")));
            }
        }
    }

    private static boolean delete(Connection c, String handleHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM authorization_requests WHERE handle_hash = ?")) {
            ps.setString(1, handleHash);
            return ps.executeUpdate() == 1;
        }
    }
}

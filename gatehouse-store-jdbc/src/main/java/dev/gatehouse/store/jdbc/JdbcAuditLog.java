package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class JdbcAuditLog implements AuditLog {
    private static final String COLUMNS = "id, occurred_at, event_type, actor, subject, client_id, ip_address, details";

    private final JdbcTransactions db;

    JdbcAuditLog(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void record(AuditEvent event) {
        db.call("record audit event " + event.type(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (occurred_at, event_type, actor, "
                    + "subject, client_id, ip_address, details) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                setInstant(ps, 1, event.at());
                ps.setString(2, event.type());
                ps.setString(3, event.actor());
                ps.setString(4, event.subject());
                ps.setString(5, event.clientId());
                ps.setString(6, event.ipAddress());
                ps.setString(7, JSONObjectUtils.toJSONString(event.details()));
                return ps.executeUpdate();
            }
        });
    }

    /** Newest first; {@code from} is inclusive and {@code to} exclusive. */
    @Override
    public List<AuditEvent> query(AuditQuery query) {
        List<String> conditions = new ArrayList<>();
        if (query.from() != null) {
            conditions.add("occurred_at >= ?");
        }
        if (query.to() != null) {
            conditions.add("occurred_at < ?");
        }
        if (query.subject() != null) {
            conditions.add("subject = ?");
        }
        if (query.type() != null) {
            conditions.add("event_type = ?");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return db.call("query audit events", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_events" + where
                    + " ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                if (query.from() != null) {
                    setInstant(ps, i++, query.from());
                }
                if (query.to() != null) {
                    setInstant(ps, i++, query.to());
                }
                if (query.subject() != null) {
                    ps.setString(i++, query.subject());
                }
                if (query.type() != null) {
                    ps.setString(i++, query.type());
                }
                ps.setInt(i, query.limit());
                List<AuditEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(read(rs));
                    }
                }
                return events;
            }
        });
    }

    private static AuditEvent read(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), instant(rs, "occurred_at"), rs.getString("event_type"),
                rs.getString("actor"), rs.getString("subject"), rs.getString("client_id"), rs.getString("ip_address"),
                details(rs.getString("details")));
    }

    private static Map<String, String> details(String json) {
        try {
            Map<String, String> details = new LinkedHashMap<>();
            JSONObjectUtils.parse(json).forEach((k, v) -> details.put(k, String.valueOf(v)));
            return details;
        } catch (ParseException e) {
            throw new IllegalStateException("stored audit details are not a JSON object", e);
        }
    }
}

package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reading the audit log, newest first. */
final class AuditEndpoint {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    record AuditView(long id, Instant at, String type, String actor, String subject, String clientId,
                     String ipAddress, Map<String, String> details) {
        static AuditView of(AuditEvent e) {
            return new AuditView(e.id(), e.at(), e.type(), e.actor(), e.subject(), e.clientId(), e.ipAddress(),
                    e.details());
        }
    }

    record AuditList(List<AuditView> items) {}

    private final AuditLog audit;

    AuditEndpoint(AuditLog audit) {
        this.audit = audit;
    }

    void query(Context ctx, Admin admin) {
        Instant from = QueryParams.instant(ctx, "from");
        Instant to = QueryParams.instant(ctx, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalidField("from", "must not be after to");
        }
        AuditQuery query = new AuditQuery(from, to, QueryParams.text(ctx, "subject", 256),
                QueryParams.text(ctx, "type", 128), QueryParams.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
        AdminJson.write(ctx, 200, new AuditList(audit.query(query).stream().map(AuditView::of).toList()));
    }
}

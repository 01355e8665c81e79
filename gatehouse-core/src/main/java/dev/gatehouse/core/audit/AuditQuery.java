package dev.gatehouse.core.audit;

import java.time.Instant;

/** Filters of an audit query; null fields do not filter. Results come newest first. */
public record AuditQuery(Instant from, Instant to, String subject, String type, int limit) {
    public AuditQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit: 1..1000, got " + limit);
        }
    }
}

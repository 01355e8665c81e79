package dev.gatehouse.core.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One audited fact. {@code type} is a dotted name such as {@code login.failed} or
 * {@code refresh.reuse_detected}; {@code details} never holds secrets.
 */
public record AuditEvent(long id, Instant at, String type, String actor, String subject, String clientId,
                         String ipAddress, Map<String, String> details) {
    public AuditEvent {
        details = Map.copyOf(details);
    }

    public static AuditEvent of(Instant at, String type, String actor, String subject, String clientId,
                                String ipAddress, Map<String, String> details) {
        return new AuditEvent(0, at, type, actor, subject, clientId, ipAddress, details);
    }
}

package dev.gatehouse.core.audit;

import java.util.List;

public interface AuditLog {
    void record(AuditEvent event);

    List<AuditEvent> query(AuditQuery query);
}

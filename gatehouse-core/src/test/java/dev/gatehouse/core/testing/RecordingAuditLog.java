package dev.gatehouse.core.testing;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit log that keeps what it is given, for tests to read back. */
public final class RecordingAuditLog implements AuditLog {
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    @Override
    public List<AuditEvent> query(AuditQuery query) {
        return List.copyOf(events);
    }
}

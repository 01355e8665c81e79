package dev.gatehouse.core.audit;

import dev.gatehouse.core.login.InMemoryLoginThrottle;
import dev.gatehouse.core.metrics.IssuerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Audit events of refused requests (failed client authentication, refused admin calls), which anyone can
 * cause: per window, at most {@code perAddress} of them from one address (an IPv6 /64 counting as one) and
 * {@code total} in all are recorded. The rest are counted in {@link IssuerMetrics#auditSuppressed()} and
 * summed up in one {@value #SUPPRESSED} event once their window has ended, so a flood cannot fill the audit log.
 */
public final class FailureAudit {
    public static final String SUPPRESSED = "audit.failures_suppressed";
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final int PER_ADDRESS = 20;
    public static final int TOTAL = 600;

    private final AuditLog audit;
    private final IssuerMetrics metrics;
    private final Clock clock;
    private final Duration window;
    private final int perAddress;
    private final int total;
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock; an address gets an entry only once one of its events is recorded, so at most total
    private final Map<String, Integer> recorded = new HashMap<>();
    private Instant windowStart;
    private int recordedTotal;
    private int suppressed;

    public FailureAudit(AuditLog audit, IssuerMetrics metrics, Clock clock) {
        this(audit, metrics, clock, WINDOW, PER_ADDRESS, TOTAL);
    }

    public FailureAudit(AuditLog audit, IssuerMetrics metrics, Clock clock, Duration window, int perAddress, int total) {
        if (window.isNegative() || window.isZero() || perAddress < 1 || total < perAddress) {
            throw new IllegalArgumentException("failure audit: need a positive window and 1 <= per address <= total");
        }
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.window = window;
        this.perAddress = perAddress;
        this.total = total;
    }

    /** Records the event unless its address or everyone has had enough events in this window. */
    public void record(AuditEvent event) {
        AuditEvent summary;
        boolean admitted;
        lock.lock();
        try {
            summary = endWindowIfOver(clock.instant());
            String address = String.valueOf(InMemoryLoginThrottle.network(event.ipAddress()));
            int fromAddress = recorded.getOrDefault(address, 0);
            admitted = recordedTotal < total && fromAddress < perAddress;
            if (admitted) {
                recorded.put(address, fromAddress + 1);
                recordedTotal++;
            } else {
                suppressed++;
            }
        } finally {
            lock.unlock();
        }
        if (summary != null) {
            audit.record(summary);
        }
        if (admitted) {
            audit.record(event);
        } else {
            metrics.auditSuppressed();
        }
    }

    /** Writes the summary of a window that has ended, if events were left out in it; for housekeeping. */
    public void flush() {
        AuditEvent summary;
        lock.lock();
        try {
            summary = endWindowIfOver(clock.instant());
        } finally {
            lock.unlock();
        }
        if (summary != null) {
            audit.record(summary);
        }
    }

    private AuditEvent endWindowIfOver(Instant now) {
        if (windowStart != null && now.isBefore(windowStart.plus(window))) {
            return null;
        }
        AuditEvent summary = suppressed == 0 ? null : new AuditEvent(0, now, SUPPRESSED, "system", null, null, null,
                Map.of("count", Integer.toString(suppressed), "since", windowStart.toString()));
        windowStart = now;
        recorded.clear();
        recordedTotal = 0;
        suppressed = 0;
        return summary;
    }
}

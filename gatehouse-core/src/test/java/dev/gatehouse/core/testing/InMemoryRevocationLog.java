package dev.gatehouse.core.testing;

import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A revocation log held in a list, for tests. */
public final class InMemoryRevocationLog implements RevocationLog {
    private final List<RevocationEvent> events = new ArrayList<>();
    private long sequence;

    @Override
    public synchronized RevocationEvent append(RevocationKind kind, String value, Instant issuedAt, Instant expiresAt) {
        RevocationEvent event = new RevocationEvent(++sequence, kind, value, issuedAt, expiresAt);
        events.add(event);
        return event;
    }

    @Override
    public synchronized List<RevocationEvent> after(long afterSequence, int limit) {
        return events.stream().filter(e -> e.sequence() > afterSequence).limit(limit).toList();
    }

    @Override
    public synchronized long lastSequence() {
        return sequence;
    }

    @Override
    public synchronized long firstSequence() {
        return events.isEmpty() ? 0 : events.getFirst().sequence();
    }

    @Override
    public synchronized int purgeExpired(Instant before) {
        int size = events.size();
        events.removeIf(e -> e.expiresAt().isBefore(before));
        return size - events.size();
    }

    /** Every event still held, oldest first. */
    public synchronized List<RevocationEvent> events() {
        return List.copyOf(events);
    }
}

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

    @Override
    public synchronized RevocationEvent append(RevocationKind kind, String value, Instant issuedAt, Instant expiresAt) {
        RevocationEvent e = new RevocationEvent(events.size() + 1, kind, value, issuedAt, expiresAt);
        events.add(e);
        return e;
    }

    @Override
    public synchronized List<RevocationEvent> after(long afterSequence, int limit) {
        return events.stream().filter(e -> e.sequence() > afterSequence).limit(limit).toList();
    }

    @Override
    public synchronized long lastSequence() {
        return events.size();
    }

    @Override
    public synchronized long firstSequence() {
        return events.isEmpty() ? 0 : 1;
    }

    @Override
    public synchronized int purgeExpired(Instant before) {
        return 0;
    }

    public synchronized List<RevocationEvent> events() {
        return new ArrayList<>(events);
    }
}

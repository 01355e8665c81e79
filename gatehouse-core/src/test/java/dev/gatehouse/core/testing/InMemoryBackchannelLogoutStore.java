package dev.gatehouse.core.testing;

import dev.gatehouse.core.logout.BackchannelDelivery;
import dev.gatehouse.core.logout.BackchannelDelivery.State;
import dev.gatehouse.core.logout.BackchannelLogoutStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Back-channel logout deliveries and session participants in maps, for tests; one lock keeps claims exclusive. */
public final class InMemoryBackchannelLogoutStore implements BackchannelLogoutStore {
    private final Map<String, Set<String>> participants = new LinkedHashMap<>();
    private final Map<String, BackchannelDelivery> deliveries = new LinkedHashMap<>();

    @Override
    public synchronized void recordParticipant(String sessionId, String clientId) {
        participants.computeIfAbsent(sessionId, s -> new LinkedHashSet<>()).add(clientId);
    }

    @Override
    public synchronized List<String> participants(String sessionId) {
        return List.copyOf(participants.getOrDefault(sessionId, Set.of()));
    }

    @Override
    public synchronized void enqueue(BackchannelDelivery delivery) {
        deliveries.put(delivery.id(), delivery);
    }

    @Override
    public synchronized List<BackchannelDelivery> claimDue(Instant now, Instant leaseUntil, String claim, int limit) {
        List<BackchannelDelivery> claimed = new ArrayList<>();
        deliveries.values().stream()
                .filter(d -> d.state() == State.PENDING && !d.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(BackchannelDelivery::nextAttemptAt))
                .limit(limit)
                .toList()
                .forEach(d -> {
                    BackchannelDelivery c = new BackchannelDelivery(d.id(), d.clientId(), d.sessionId(), d.subject(),
                            d.uri(), d.createdAt(), d.attempts() + 1, leaseUntil, claim, State.PENDING, null,
                            d.lastError());
                    deliveries.put(d.id(), c);
                    claimed.add(c);
                });
        return claimed;
    }

    @Override
    public synchronized boolean delivered(String id, String claim, Instant at) {
        return finish(id, claim, State.DELIVERED, at, null);
    }

    @Override
    public synchronized boolean retryAt(String id, String claim, Instant nextAttemptAt, String error) {
        BackchannelDelivery d = claimedBy(id, claim);
        if (d == null) {
            return false;
        }
        deliveries.put(id, new BackchannelDelivery(id, d.clientId(), d.sessionId(), d.subject(), d.uri(), d.createdAt(),
                d.attempts(), nextAttemptAt, null, State.PENDING, null, error));
        return true;
    }

    @Override
    public synchronized boolean givenUp(String id, String claim, Instant at, String error) {
        return finish(id, claim, State.GIVEN_UP, at, error);
    }

    @Override
    public synchronized BackchannelDelivery find(String id) {
        return deliveries.get(id);
    }

    /** Every delivery, in the order queued. */
    public synchronized List<BackchannelDelivery> all() {
        return List.copyOf(deliveries.values());
    }

    @Override
    public synchronized int purgeFinished(Instant before) {
        int size = deliveries.size();
        deliveries.values().removeIf(d -> d.state() != State.PENDING && d.finishedAt().isBefore(before));
        return size - deliveries.size();
    }

    private boolean finish(String id, String claim, State state, Instant at, String error) {
        BackchannelDelivery d = claimedBy(id, claim);
        if (d == null) {
            return false;
        }
        deliveries.put(id, new BackchannelDelivery(id, d.clientId(), d.sessionId(), d.subject(), d.uri(), d.createdAt(),
                d.attempts(), d.nextAttemptAt(), null, state, at, error == null ? d.lastError() : error));
        return true;
    }

    private BackchannelDelivery claimedBy(String id, String claim) {
        BackchannelDelivery d = deliveries.get(id);
        return d != null && d.state() == State.PENDING && claim.equals(d.claim()) ? d : null;
    }
}

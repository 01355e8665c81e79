package dev.gatehouse.core.testing;

import dev.gatehouse.core.client.UsedAssertionStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Used assertion ids in a map: one issuer node's view, for core tests. */
public final class InMemoryUsedAssertionStore implements UsedAssertionStore {
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    @Override
    public boolean markUsed(String clientId, String jti, Instant expiresAt) {
        return used.putIfAbsent(clientId + "\u0000" + jti, expiresAt) == null;
    }

    @Override
    public int purgeExpired(Instant before) {
        int size = used.size();
        used.values().removeIf(expiry -> expiry.isBefore(before));
        return size - used.size();
    }

    public int size() {
        return used.size();
    }
}

package dev.gatehouse.bench;

import dev.gatehouse.core.keys.SigningKeyStore;
import dev.gatehouse.core.keys.StoredSigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keeps signing keys in memory so that benchmarks measure signing, not a database. */
final class InMemorySigningKeyStore implements SigningKeyStore {
    private final List<StoredSigningKey> keys = new ArrayList<>();

    @Override
    public synchronized void save(StoredSigningKey key) {
        keys.add(key);
    }

    @Override
    public synchronized List<StoredSigningKey> all() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized void retire(String kid, Instant retiresAt, Instant removeAfter) {
        keys.replaceAll(k -> k.kid().equals(kid)
                ? new StoredSigningKey(k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk(), k.createdAt(),
                        k.activatesAt(), retiresAt, removeAfter)
                : k);
    }

    @Override
    public synchronized int purgeRemoved(Instant now) {
        int before = keys.size();
        keys.removeIf(k -> k.removeAfter() != null && !k.removeAfter().isAfter(now));
        return before - keys.size();
    }
}

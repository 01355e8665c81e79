package dev.gatehouse.core.testing;

import dev.gatehouse.core.keys.SigningKeyStore;
import dev.gatehouse.core.keys.StoredSigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A signing key store held in a list, for tests; several key rings may share one, as issuer nodes share a database. */
public final class InMemorySigningKeyStore implements SigningKeyStore {
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
        replace(kid, k -> new StoredSigningKey(k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk(),
                k.createdAt(), k.activatesAt(), retiresAt, removeAfter));
    }

    @Override
    public synchronized int purgeRemoved(Instant now) {
        int before = keys.size();
        keys.removeIf(k -> k.removeAfter() != null && !k.removeAfter().isAfter(now));
        return before - keys.size();
    }

    /** Rewrites a stored row in place, as a tampering database user could. */
    public synchronized void replace(String kid, UnaryOperator<StoredSigningKey> change) {
        keys.replaceAll(k -> k.kid().equals(kid) ? change.apply(k) : k);
    }
}

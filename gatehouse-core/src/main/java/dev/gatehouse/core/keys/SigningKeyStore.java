package dev.gatehouse.core.keys;

import java.time.Instant;
import java.util.List;

public interface SigningKeyStore {
    void save(StoredSigningKey key);

    /** All keys, oldest first. */
    List<StoredSigningKey> all();

    void retire(String kid, Instant retiresAt, Instant removeAfter);

    /** Deletes keys whose removeAfter has passed; returns how many. */
    int purgeRemoved(Instant now);
}

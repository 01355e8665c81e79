package dev.gatehouse.core.refresh;

import java.time.Instant;
import java.util.Optional;

public interface RefreshTokenStore {
    /** Stores the first token of a new family. */
    void save(RefreshToken token);

    /**
     * Atomically retires the token stored under {@code presentedHash} and stores {@code next} in its
     * family. Of two concurrent calls with the same hash exactly one gets {@link RotationResult.Rotated};
     * the other gets {@link RotationResult.Reused}.
     */
    RotationResult rotate(String presentedHash, RefreshToken next, Instant now);

    /** The token stored under the hash, whatever its state (live, rotated, revoked, expired). */
    Optional<RefreshToken> find(String tokenHash);

    /** The token only while it can still be used: not rotated, not revoked, not expired at {@code now}. */
    Optional<RefreshToken> findActive(String tokenHash, Instant now);

    /** Revokes every member of the family; returns how many were live. */
    int revokeFamily(String familyId, Instant at);

    int revokeSession(String sessionId, Instant at);

    int revokeSubject(String subject, Instant at);

    int revokeClient(String clientId, Instant at);

    /** Deletes tokens expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}

package dev.gatehouse.core.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

public interface RefreshTokenStore {
    /** Stores the first token of a new family. */
    void save(RefreshToken token);

    /**
     * Atomically retires the token stored under {@code presentedHash} and stores {@code next} in its
     * family, keeping {@code sealedNext} (the next token encrypted, or null) with the retired one. Of
     * concurrent calls with the same hash exactly one gets {@link RotationResult.Rotated}. The others, and
     * any later call, get {@link RotationResult.Retried} with the sealed successor while less than
     * {@code gracePeriod} has passed since the rotation, a sealed successor was kept, and the successor is
     * still live (not rotated, revoked or expired); else {@link RotationResult.Reused}. A zero grace
     * period is strict: every call but the winner's gets {@code Reused}.
     */
    RotationResult rotate(String presentedHash, RefreshToken next, String sealedNext, Duration gracePeriod, Instant now);

    /** The token stored under the hash, whatever its state (live, rotated, revoked, expired). */
    Optional<RefreshToken> find(String tokenHash);

    /** The token only while it can still be used: not rotated, not revoked, not expired at {@code now}. */
    Optional<RefreshToken> findActive(String tokenHash, Instant now);

    /** Revokes every member of the family; returns how many were live. */
    int revokeFamily(String familyId, Instant at);

    int revokeSession(String sessionId, Instant at);

    int revokeSubject(String subject, Instant at);

    int revokeClient(String clientId, Instant at);

    /** Revokes the subject's live tokens at one client (a withdrawn consent); returns how many. */
    int revokeSubjectAtClient(String subject, String clientId, Instant at);

    /**
     * Deletes tokens expired before {@code before}, and forgets the sealed successors of tokens rotated before
     * it (callers pass a time at least the longest grace period ago); returns how many tokens were deleted.
     */
    int purgeExpired(Instant before);
}

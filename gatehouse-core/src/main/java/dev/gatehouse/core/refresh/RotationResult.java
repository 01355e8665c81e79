package dev.gatehouse.core.refresh;

/** What happened to a presented refresh token. */
public sealed interface RotationResult {
    /** The presented token was live and is now replaced by the next one. */
    record Rotated(RefreshToken previous) implements RotationResult {}

    /**
     * The presented token was rotated within the grace period and its successor is still live: a retry of a
     * refresh whose answer was lost, or a concurrent one. {@code sealedSuccessor} is the successor token as
     * stored at the rotation, encrypted under the presented token's hash. Nothing was changed.
     */
    record Retried(RefreshToken previous, RefreshToken successor, String sealedSuccessor) implements RotationResult {}

    /** The presented token had already been rotated: a replay. Nothing was changed. */
    record Reused(RefreshToken previous) implements RotationResult {}

    /** Unknown, revoked or expired: nothing was changed. */
    record Rejected(String reason) implements RotationResult {}
}

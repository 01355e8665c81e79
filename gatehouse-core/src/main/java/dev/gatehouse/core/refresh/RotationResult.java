package dev.gatehouse.core.refresh;

/** What happened to a presented refresh token. */
public sealed interface RotationResult {
    /** The presented token was live and is now replaced by the next one. */
    record Rotated(RefreshToken previous) implements RotationResult {}

    /** The presented token had already been rotated: a replay. Nothing was changed. */
    record Reused(RefreshToken previous) implements RotationResult {}

    /** Unknown, revoked or expired: nothing was changed. */
    record Rejected(String reason) implements RotationResult {}
}

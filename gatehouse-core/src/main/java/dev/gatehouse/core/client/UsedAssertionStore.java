package dev.gatehouse.core.client;

import java.time.Instant;

/**
 * The ids ({@code jti}) of private_key_jwt client assertions already used, kept until the assertion expires
 * where every issuer node sees them, so that an assertion is accepted once (RFC 7523 3, item 7), across
 * restarts and nodes alike.
 */
public interface UsedAssertionStore {
    /**
     * Marks the assertion {@code jti} of {@code clientId} used until {@code expiresAt}, atomically among all nodes.
     *
     * @return false when it was used already
     */
    boolean markUsed(String clientId, String jti, Instant expiresAt);

    /** Forgets assertions that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}

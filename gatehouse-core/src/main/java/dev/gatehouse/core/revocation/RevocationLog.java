package dev.gatehouse.core.revocation;

import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import java.time.Instant;
import java.util.List;

/**
 * The ordered, append-only log every verifier follows. Appends are serialised so that sequence order is
 * commit order: a follower that has seen sequence N never later finds an event below N.
 */
public interface RevocationLog {
    RevocationEvent append(RevocationKind kind, String value, Instant issuedAt, Instant expiresAt);

    /** Events with sequence greater than {@code afterSequence}, ascending, at most {@code limit}. */
    List<RevocationEvent> after(long afterSequence, int limit);

    /** The highest sequence written so far, 0 when empty. */
    long lastSequence();

    /** The lowest sequence still kept (entries that expired may be pruned), 0 when empty. */
    long firstSequence();

    /** Deletes events that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}

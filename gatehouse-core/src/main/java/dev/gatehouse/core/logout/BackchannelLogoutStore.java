package dev.gatehouse.core.logout;

import java.time.Instant;
import java.util.List;

/**
 * Back-channel logout deliveries still owed (OpenID Connect Back-Channel Logout 1.0): written in the transaction that
 * ends the session, so a delivery is never lost, and retried a bounded number of times. Also the clients that took
 * part in each login session, so that all of them learn of its end.
 */
public interface BackchannelLogoutStore {
    /** Remembers that {@code clientId} got tokens in login session {@code sessionId}; recording it twice is a no-op. */
    void recordParticipant(String sessionId, String clientId);

    /** Every client recorded for the session, in no particular order. */
    List<String> participants(String sessionId);

    /** Queues a delivery, due at its {@code nextAttemptAt}. */
    void enqueue(BackchannelDelivery delivery);

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now} for one attempt each: every claimed row gets
     * {@code claim}, one more attempt, and is not due again until {@code leaseUntil}, so no other node (or a later
     * run) claims it while this attempt is under way; a node that dies mid-attempt leaves it due after the lease.
     * Each row is claimed by one conditional update: of two nodes racing for it, one wins.
     */
    List<BackchannelDelivery> claimDue(Instant now, Instant leaseUntil, String claim, int limit);

    /** The claimed attempt succeeded; false when the claim was lost (the lease ran out and another took it). */
    boolean delivered(String id, String claim, Instant at);

    /** The claimed attempt failed and another one is due at {@code nextAttemptAt}; false when the claim was lost. */
    boolean retryAt(String id, String claim, Instant nextAttemptAt, String error);

    /** The claimed attempt failed and was the last one; false when the claim was lost. */
    boolean givenUp(String id, String claim, Instant at, String error);

    /** The delivery as stored, or null when there is none. */
    BackchannelDelivery find(String id);

    /** Forgets deliveries that were given up or done before {@code before}, and the participants of sessions that
     * ended before it; returns how many deliveries. */
    int purgeFinished(Instant before);
}

package dev.gatehouse.core.logout;

import java.time.Instant;

/**
 * Back-channel logout deliveries still owed (OpenID Connect Back-Channel Logout 1.0): written in the transaction that
 * ends the session, so a delivery is never lost, and retried a bounded number of times.
 */
public interface BackchannelLogoutStore {
    /** Remembers that {@code clientId} holds tokens of login session {@code sessionId}, so that it hears when it ends. */
    void recordParticipant(String sessionId, String clientId);

    /** Forgets deliveries that were given up or done before {@code before}; returns how many. */
    int purgeFinished(Instant before);
}

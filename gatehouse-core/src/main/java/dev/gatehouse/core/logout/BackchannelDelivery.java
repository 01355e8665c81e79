package dev.gatehouse.core.logout;

import java.net.URI;
import java.time.Instant;

/**
 * One logout token owed to one client for one ended login session.
 *
 * @param uri           the client's {@code backchannel_logout_uri} when the session ended
 * @param attempts      attempts started so far (a claim counts as one)
 * @param nextAttemptAt when it is due; while claimed, when the claim's lease ends
 * @param claim         the claim of the attempt under way, null when none
 * @param state         pending, delivered or given up
 * @param lastError     why the last attempt failed, null when none did
 */
public record BackchannelDelivery(String id, String clientId, String sessionId, String subject, URI uri,
                                  Instant createdAt, int attempts, Instant nextAttemptAt, String claim, State state,
                                  Instant finishedAt, String lastError) {

    public enum State {
        PENDING, DELIVERED, GIVEN_UP;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State parse(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A new delivery, due at once. */
    public static BackchannelDelivery due(String id, String clientId, String sessionId, String subject, URI uri,
                                          Instant now) {
        return new BackchannelDelivery(id, clientId, sessionId, subject, uri, now, 0, now, null, State.PENDING, null,
                null);
    }
}

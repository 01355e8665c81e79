package dev.gatehouse.core.logout;

import java.net.URI;

/** Posts a logout token to a client's back-channel logout URI (OpenID Connect Back-Channel Logout 1.0 2.5). */
@FunctionalInterface
public interface LogoutTokenTransport {
    /** What came of one attempt: delivered, or the reason it failed (for the log and audit; never the token). */
    record Attempt(boolean delivered, String error) {
        public static Attempt ok() {
            return new Attempt(true, null);
        }

        public static Attempt failed(String error) {
            return new Attempt(false, error);
        }
    }

    /** One attempt, bounded in time; never throws for what the client or the network does. */
    Attempt post(URI uri, String logoutToken);
}

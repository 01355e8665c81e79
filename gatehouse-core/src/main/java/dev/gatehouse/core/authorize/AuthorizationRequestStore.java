package dev.gatehouse.core.authorize;

import java.time.Instant;

/**
 * Authorization requests between their arrival and their answer: pushed ones (RFC 9126) until their
 * {@code request_uri} is used, and every request while the browser is on the sign-in or consent page.
 */
public interface AuthorizationRequestStore {
    /** Forgets requests that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}

package dev.gatehouse.core.authorize;

import java.time.Instant;
import java.util.Optional;

/**
 * Authorization requests between their arrival and their answer: pushed ones (RFC 9126) until their
 * {@code request_uri} is used, and every request while the browser is on the sign-in or consent page.
 */
public interface AuthorizationRequestStore {
    void save(StoredAuthorizationRequest request);

    /** The request under the handle's hash, expired or not; it stays stored. */
    Optional<StoredAuthorizationRequest> find(String handleHash);

    /** Removes and returns the request: among concurrent callers (on any node) exactly one gets it. */
    Optional<StoredAuthorizationRequest> take(String handleHash);

    /** False when absent. */
    boolean delete(String handleHash);

    /** Forgets requests that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}

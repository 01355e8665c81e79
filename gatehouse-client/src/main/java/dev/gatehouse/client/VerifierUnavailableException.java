package dev.gatehouse.client;

/**
 * The verifier cannot vouch for any token right now, typically because it lost the revocation feed for
 * longer than its configured bound. Callers fail closed: 503, never a pass.
 */
public final class VerifierUnavailableException extends RuntimeException {
    public VerifierUnavailableException(String message) {
        super(message, null, false, false);
    }
}

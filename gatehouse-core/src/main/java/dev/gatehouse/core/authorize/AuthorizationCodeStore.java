package dev.gatehouse.core.authorize;

import java.time.Instant;

/** Authorization codes by hash: each redeemed at most once, among all issuer nodes. */
public interface AuthorizationCodeStore {
    void save(AuthorizationCode code);

    /** Forgets codes that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}

package dev.gatehouse.core.authorize;

import java.time.Instant;
import java.util.Optional;

/** Authorization codes by hash: each redeemed at most once, among all issuer nodes. */
public interface AuthorizationCodeStore {
    void save(AuthorizationCode code);

    /** The code stored under the hash, whatever its state (live, redeemed, expired). */
    Optional<AuthorizationCode> find(String codeHash);

    /**
     * Atomically marks the code redeemed at {@code now} if it is neither redeemed nor expired. Of concurrent
     * calls with one hash, on any node, exactly one gets {@link Redemption.Redeemed}; every other, and every
     * later call, gets {@link Redemption.Replayed} with what the winner recorded through {@link #recordIssued}
     * in its transaction. Joins the caller's transaction, so a rolled-back redemption leaves the code unused.
     */
    Redemption redeem(String codeHash, Instant now);

    /** Keeps what the redemption of the code issued, for revoking it should the code be presented again. */
    void recordIssued(String codeHash, IssuedTokens issued);

    /** Forgets codes that expired before {@code before}, redeemed or not; returns how many. */
    int purgeExpired(Instant before);
}

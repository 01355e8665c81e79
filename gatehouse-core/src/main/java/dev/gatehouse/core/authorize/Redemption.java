package dev.gatehouse.core.authorize;

/** What happened to a presented authorization code. */
public sealed interface Redemption {
    /** The code was live and is now used: this caller issues its tokens. */
    record Redeemed(AuthorizationCode code) implements Redemption {}

    /**
     * The code had been redeemed before: a replay. {@code issued} is what that redemption issued, null when
     * it recorded nothing. Nothing was changed.
     */
    record Replayed(AuthorizationCode code, IssuedTokens issued) implements Redemption {}

    /** The code's lifetime is over and it was never redeemed. Nothing was changed. */
    record Expired(AuthorizationCode code) implements Redemption {}

    /** No code is stored under the hash (never issued, or already purged). */
    record Unknown() implements Redemption {}
}

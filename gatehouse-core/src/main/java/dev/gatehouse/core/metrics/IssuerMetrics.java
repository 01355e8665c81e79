package dev.gatehouse.core.metrics;

/** What core counts. The default does nothing; the server plugs in Micrometer. */
public interface IssuerMetrics {
    IssuerMetrics NONE = new IssuerMetrics() {};

    /**
     * Every {@link #loginFailed} reason. Unknown user, disabled user and wrong password share one, since the
     * metrics are public and must not tell which usernames exist.
     */
    String LOGIN_BAD_CREDENTIALS = "bad_credentials";
    String LOGIN_THROTTLED = "throttled";

    default void tokenIssued(String grantType) {}

    default void loginFailed(String reason) {}

    default void refreshReuseDetected() {}

    default void revoked(String kind) {}

    /** An audit event of a refused request left out because its address or everyone sent too many. */
    default void auditSuppressed() {}

    /** A back-channel logout attempt: {@code delivered}, {@code failed} (to be retried) or {@code given_up}. */
    default void backchannelLogout(String outcome) {}
}

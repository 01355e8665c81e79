package dev.gatehouse.core.metrics;

/** What core counts. The default does nothing; the server plugs in Micrometer. */
public interface IssuerMetrics {
    IssuerMetrics NONE = new IssuerMetrics() {};

    default void tokenIssued(String grantType) {}

    default void loginFailed(String reason) {}

    default void refreshReuseDetected() {}

    default void revoked(String kind) {}
}

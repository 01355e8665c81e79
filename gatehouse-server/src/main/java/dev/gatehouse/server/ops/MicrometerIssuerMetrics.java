package dev.gatehouse.server.ops;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.logout.BackchannelLogouts;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.client.revocation.RevocationKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * Core's counters as Prometheus metrics. The known series are registered at zero on start, so that
 * rates and alerts work before the first event of each kind.
 */
public final class MicrometerIssuerMetrics implements IssuerMetrics {
    static final String TOKENS_ISSUED = "gatehouse_tokens_issued";
    static final String LOGIN_FAILURES = "gatehouse_login_failures";
    static final String REFRESH_REUSE = "gatehouse_refresh_reuse_detected";
    static final String REVOCATIONS = "gatehouse_revocations";
    static final String AUDIT_SUPPRESSED = "gatehouse_audit_suppressed";
    static final String BACKCHANNEL_LOGOUTS = "gatehouse_backchannel_logouts";

    /** Grant types, plus "login" for the first-party login endpoint. */
    private static final List<String> ISSUED_VIA = List.of(GrantType.CLIENT_CREDENTIALS.getValue(),
            GrantType.PASSWORD.getValue(), GrantType.REFRESH_TOKEN.getValue(), "login");
    /** The reasons PasswordAuthenticator reports. */
    private static final List<String> FAILURE_REASONS = List.of(IssuerMetrics.LOGIN_BAD_CREDENTIALS, IssuerMetrics.LOGIN_THROTTLED);

    private final MeterRegistry registry;

    public MicrometerIssuerMetrics(MeterRegistry registry) {
        this.registry = registry;
        ISSUED_VIA.forEach(this::issued);
        FAILURE_REASONS.forEach(this::failures);
        reuse();
        auditSuppressedCounter();
        for (RevocationKind kind : RevocationKind.values()) {
            revocations(kind.wireName());
        }
        List.of(BackchannelLogouts.DELIVERED, BackchannelLogouts.FAILED, BackchannelLogouts.GIVEN_UP)
                .forEach(this::backchannelLogouts);
    }

    @Override
    public void backchannelLogout(String outcome) {
        backchannelLogouts(outcome).increment();
    }

    private Counter backchannelLogouts(String outcome) {
        return Counter.builder(BACKCHANNEL_LOGOUTS).description("Back-channel logout attempts")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public void tokenIssued(String grantType) {
        issued(grantType).increment();
    }

    @Override
    public void loginFailed(String reason) {
        failures(reason).increment();
    }

    @Override
    public void refreshReuseDetected() {
        reuse().increment();
    }

    @Override
    public void revoked(String kind) {
        revocations(kind).increment();
    }

    @Override
    public void auditSuppressed() {
        auditSuppressedCounter().increment();
    }

    private Counter auditSuppressedCounter() {
        return Counter.builder(AUDIT_SUPPRESSED).description("Audit events of refused requests left out of a flood")
                .register(registry);
    }

    private Counter issued(String via) {
        return Counter.builder(TOKENS_ISSUED).description("Access tokens issued").tag("grant_type", via).register(registry);
    }

    private Counter failures(String reason) {
        return Counter.builder(LOGIN_FAILURES).description("Failed logins").tag("reason", reason).register(registry);
    }

    private Counter reuse() {
        return Counter.builder(REFRESH_REUSE).description("Rotated refresh tokens presented again").register(registry);
    }

    private Counter revocations(String kind) {
        return Counter.builder(REVOCATIONS).description("Revocation events").tag("kind", kind).register(registry);
    }
}

package dev.gatehouse.server.admin;

import dev.gatehouse.server.oauth.BearerToken;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.FailureAudit;
import dev.gatehouse.server.ops.ClientAddress;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;

import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.VerifiedAccessToken;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a request carrying a bearer access token (RFC 6750 2.1) of this issuer that is meant for the issuer
 * itself ({@code aud}) and held by an admin ({@code roles}). Signature, type, expiry and revocation are the
 * verifier's checks. Every refusal is an audit event, bounded by {@link FailureAudit}.
 */
final class AdminAuthenticator {
    static final String REFUSED = "admin.refused";
    private static final Logger LOG = LoggerFactory.getLogger(AdminAuthenticator.class);
    private static final String REALM = "Bearer realm=\"gatehouse\"";
    /** The longest request path an audit event quotes. */
    private static final int AUDITED_PATH = 256;

    private final TokenVerifier verifier;
    private final String audience;
    private final FailureAudit failures;
    private final Clock clock;

    AdminAuthenticator(TokenVerifier verifier, String audience, FailureAudit failures, Clock clock) {
        this.verifier = verifier;
        this.audience = audience;
        this.failures = failures;
        this.clock = clock;
    }

    Admin authenticate(Context ctx) {
        // RFC 6750 3.1: a request without credentials gets no error code.
        String bearer = BearerToken.from(ctx)
                .orElseThrow(() -> refused(ctx, null, 401, "a bearer access token is required", REALM));
        VerifiedAccessToken token;
        try {
            token = verifier.verify(bearer);
        } catch (InvalidTokenException e) {
            LOG.debug("admin request with an unusable access token: {}", LogText.printable(e.getMessage()));
            throw refused(ctx, null, 401, "the access token is invalid, expired or revoked", REALM + ", error=\"invalid_token\"");
        }
        List<String> aud = token.audience();
        if (aud == null || !aud.contains(audience)) {
            throw refused(ctx, token.subject(), 403, "the access token is not meant for this issuer",
                    REALM + ", error=\"insufficient_scope\"");
        }
        if (!token.roles().contains(Admin.ROLE)) {
            throw refused(ctx, token.subject(), 403, "the admin role is required", REALM + ", error=\"insufficient_scope\"");
        }
        return new Admin(token.subject());
    }

    /** The refusal to answer with, audited with the caller's address and, once its token is good, its subject. */
    private ProblemException refused(Context ctx, String subject, int status, String detail, String challenge) {
        String path = ctx.path().length() <= AUDITED_PATH ? ctx.path() : ctx.path().substring(0, AUDITED_PATH);
        failures.record(AuditEvent.of(clock.instant(), REFUSED, subject == null ? null : "user:" + subject, subject,
                null, ClientAddress.of(ctx), Map.of("status", Integer.toString(status), "method", ctx.method().name(),
                        "path", path, "reason", detail)));
        return new ProblemException(status, detail).header("WWW-Authenticate", challenge);
    }
}

package dev.gatehouse.server.forwardauth;

import dev.gatehouse.server.ops.ClientAddress;
import dev.gatehouse.client.AccessPolicy;
import dev.gatehouse.client.Decision;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.IdentityHeaders;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a reverse proxy that asks whether to let a request through: 200 with the identity headers to
 * forward, or the status, challenge and error the client should get. What the resource demands comes from
 * the query string the proxy's configuration sets (and, in the path form, one audience segment), never from
 * headers a client could send; every parameter is one more requirement, so anything a client manages to
 * add can only narrow access. The verdict is {@link Gate}'s, with the issuer's own verifier: answered from
 * memory, without the database, but 503 (fail closed) once this issuer has not read its revocation log for
 * longer than {@link dev.gatehouse.core.revocation.Revocations#MAX_STALENESS}.
 */
final class VerifyEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyEndpoint.class);

    private final Gate gate;

    VerifyEndpoint(IssuerServices services) {
        this.gate = new Gate(services.verifier());
    }

    void handle(Context ctx) {
        AccessPolicy policy = policy(ctx);
        Decision decision = gate.checkHeaders(Collections.list(ctx.req().getHeaders("Authorization")), policy);
        ctx.header("Cache-Control", "no-store");
        switch (decision) {
            case Decision.Allowed allowed -> {
                ctx.status(200);
                IdentityHeaders.of(allowed.token()).forEach(ctx::header);
            }
            case Decision.Denied denied -> deny(ctx, denied);
        }
    }

    private static void deny(Context ctx, Decision.Denied denied) {
        denied.headers().forEach(ctx::header);
        if (denied.status() == 503) {
            // the issuer has not read its revocation log lately (see Revocations#MAX_STALENESS): fail closed
            ctx.header("Retry-After", StoreUnavailableException.retryAfterHeader());
        }
        ctx.status(denied.status()).contentType("application/json").result(denied.jsonBody());
    }

    private static AccessPolicy policy(Context ctx) {
        Set<String> audiences = new LinkedHashSet<>(ctx.queryParams("audience"));
        String segment = ctx.pathParamMap().get("audience");
        if (segment != null) {
            audiences.add(segment);
        }
        audiences.removeIf(String::isBlank);
        if (audiences.isEmpty()) {
            LOG.warn("verify request without an audience from {}: the proxy configuration must name one",
                    LogText.printable(ClientAddress.of(ctx)));
            throw ProblemException.badRequest(
                    "No audience: the proxy must ask with ?audience=<resource> or /verify/<resource>");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String value : ctx.queryParams("scope")) {
            for (String scope : value.split(" ")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        }
        Set<String> roles = new LinkedHashSet<>(ctx.queryParams("role"));
        roles.removeIf(String::isBlank);
        try {
            return new AccessPolicy(audiences, scopes, roles);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Bad requirement: " + LogText.printable(e.getMessage()));
        }
    }
}

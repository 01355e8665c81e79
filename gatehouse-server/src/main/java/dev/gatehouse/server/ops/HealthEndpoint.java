package dev.gatehouse.server.ops;

import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.server.IssuerServices;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Liveness (the process answers) and readiness (it can serve tokens: the database answers and a key can
 * sign). Readiness answers within {@link #DEADLINE} whatever the database does: a check that has not answered
 * by then is down. A failed check is named in the response; its cause goes to the log.
 */
final class HealthEndpoint {
    /** Within the one second orchestrators wait for a probe by default. */
    static final Duration DEADLINE = Duration.ofMillis(800);
    private static final Map<String, String> UP = Map.of("status", "UP");

    private final BoundedCheck database;
    private final BoundedCheck signingKey;

    HealthEndpoint(IssuerServices services) {
        this.database = new BoundedCheck("database", () -> services.stores().revocationLog().lastSequence());
        this.signingKey = new BoundedCheck("signing key", () -> services.keys().signer());
    }

    void live(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(UP);
    }

    void ready(Context ctx) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        var databaseProbe = database.start();
        var signingKeyProbe = signingKey.start();
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", database.result(databaseProbe, deadline));
        checks.put("signing_key", signingKey.result(signingKeyProbe, deadline));
        var down = checks.entrySet().stream().filter(c -> !c.getValue().equals("UP")).map(Map.Entry::getKey).toList();
        if (down.isEmpty()) {
            ctx.header("Cache-Control", "no-store").json(Map.of("status", "UP", "checks", checks));
            return;
        }
        throw new ProblemException(503, "Not ready: " + String.join(", ", down) + " unavailable")
                .extension("checks", checks)
                .header("Retry-After", StoreUnavailableException.retryAfterHeader());
    }
}

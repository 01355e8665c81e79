package dev.gatehouse.server.ops;

import dev.gatehouse.server.IssuerServices;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness (the process answers) and readiness (it can serve tokens: the database answers and a key can
 * sign). A failed check is named in the response; its cause goes to the log.
 */
final class HealthEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);
    private static final Map<String, String> UP = Map.of("status", "UP");

    private final IssuerServices services;

    HealthEndpoint(IssuerServices services) {
        this.services = services;
    }

    void live(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(UP);
    }

    void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", check("database", () -> services.stores().revocationLog().lastSequence()));
        checks.put("signing_key", check("signing key", () -> services.keys().signer()));
        var down = checks.entrySet().stream().filter(c -> !c.getValue().equals("UP")).map(Map.Entry::getKey).toList();
        if (down.isEmpty()) {
            ctx.header("Cache-Control", "no-store").json(Map.of("status", "UP", "checks", checks));
            return;
        }
        throw new ProblemException(503, "Not ready: " + String.join(", ", down) + " unavailable")
                .extension("checks", checks);
    }

    private static String check(String name, Runnable probe) {
        try {
            probe.run();
            return "UP";
        } catch (RuntimeException e) {
            LOG.warn("readiness check {} failed: {}", name, e.toString());
            return "DOWN";
        }
    }
}

package dev.gatehouse.server.ops;

import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;

public final class OpsRoutes implements Routes {
    private final IssuerServices services;

    public OpsRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
        // PLACEHOLDER: replaced by the real route table
        if (services == null) {
            throw new IllegalStateException();
        }
    }
}

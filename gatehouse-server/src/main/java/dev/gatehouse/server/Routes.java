package dev.gatehouse.server;

import io.javalin.config.JavalinConfig;

/** One area's routes and error mappers, registered on the issuer's Javalin configuration. */
public interface Routes {
    void register(JavalinConfig config);
}

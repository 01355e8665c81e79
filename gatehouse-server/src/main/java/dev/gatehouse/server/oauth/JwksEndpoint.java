package dev.gatehouse.server.oauth;

import dev.gatehouse.server.IssuerServices;
import io.javalin.http.Context;

/** The issuer's public signing keys (RFC 7517): current, pre-published and retired-but-still-needed. */
final class JwksEndpoint {
    /** Never cached for long, whatever the pre-publish period. */
    private static final long MAX_AGE_CAP_SECONDS = 300;

    private final IssuerServices services;
    private final String cacheControl;

    JwksEndpoint(IssuerServices services) {
        this.services = services;
        // A verifier must fetch a rotated-in key before it signs: caches live at most a quarter of the
        // pre-publish period, so even a verifier that refetches late has the key in time.
        long maxAge = Math.min(MAX_AGE_CAP_SECONDS, services.config().tokens().keyPrePublish().toSeconds() / 4);
        this.cacheControl = "public, max-age=" + maxAge;
    }

    void handle(Context ctx) {
        ctx.header("Cache-Control", cacheControl);
        ctx.contentType("application/json");
        ctx.result(services.keys().publicJwks().toString(true));
    }
}

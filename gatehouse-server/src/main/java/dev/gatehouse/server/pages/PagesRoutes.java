package dev.gatehouse.server.pages;

import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/** The static assets of the hosted pages (stylesheet, logo, scripts), at {@code /assets/{name}}. */
public final class PagesRoutes implements Routes {
    /** Page URLs carry the content's version, so a day in caches costs an operator nothing at the next start. */
    static final String ASSET_CACHE = "public, max-age=86400";

    private final Assets assets;

    public PagesRoutes(Pages pages) {
        this.assets = pages.assets();
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get(Endpoints.ASSETS + "/{name}", this::asset);
    }

    private void asset(Context ctx) {
        PageHeaders.asset(ctx);
        // a lookup of the plain name in the set read at start: no path reaches any other file
        Optional<Assets.Asset> found = assets.find(ctx.pathParam("name"));
        if (found.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain; charset=utf-8").result("No such asset");
            return;
        }
        Assets.Asset asset = found.get();
        String etag = "\"" + asset.version() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", ASSET_CACHE);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.content());
    }
}

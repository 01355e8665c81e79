package dev.gatehouse.server.pages;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** The static assets of the hosted pages, at {@code /assets/{name}}. */
public final class PagesRoutes {
    public static final String ASSETS = "/assets/";
    /** Versioned URLs change with the content, so a day in caches costs an operator nothing at the next start. */
    static final String ASSET_CACHE = "public, max-age=86400";

    private final Assets assets;

    public PagesRoutes(Assets assets) {
        this.assets = assets;
    }

    public void register(JavalinConfig config) {
        config.routes.get(ASSETS + "{name}", this::asset);
    }

    private void asset(Context ctx) {
        PageHeaders.asset(ctx);
        var found = assets.find(ctx.pathParam("name"));
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

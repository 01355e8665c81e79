package dev.gatehouse.server.pages;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server on a free port that shows each hosted page with the values a test puts in the query, as an
 * endpoint of the issuer would, and one form endpoint guarded by {@link Csrf} whose only effect is a counter.
 */
final class PagesServer implements AutoCloseable {
    static final String REQUEST = "handle-of-the-request";

    private final Pages pages;
    private final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final AtomicInteger changes = new AtomicInteger();

    PagesServer(Pages pages) {
        this.pages = pages;
        this.app = Javalin.create(config -> {
            new PagesRoutes(pages).register(config);
            config.routes.get("/sign-in", this::signIn);
            config.routes.get("/consent", this::consent);
            config.routes.get("/error", ctx -> pages.error(ctx, Integer.parseInt(ctx.queryParamAsClass("status", String.class)
                    .getOrDefault("400")), ctx.queryParam("ui_locales"),
                    new Views.Error(ctx.queryParam("error"), ctx.queryParam("description"))));
            config.routes.get("/logout", ctx -> pages.logoutConfirm(ctx, ctx.queryParam("ui_locales"),
                    new Views.LogoutConfirm(Csrf.token(ctx), ctx.queryParam("client"), carried(ctx)), redirect(ctx)));
            config.routes.get("/signed-out", ctx -> pages.signedOut(ctx, ctx.queryParam("ui_locales"),
                    new Views.SignedOut(ctx.queryParam("return_to") == null ? null : URI.create(ctx.queryParam("return_to")))));
            config.routes.get("/form-post", ctx -> pages.formPost(ctx,
                    new Views.FormPost(URI.create(ctx.queryParam("redirect_uri")), carried(ctx))));
            config.routes.post("/guarded", ctx -> {
                if (!Csrf.verify(ctx)) {
                    pages.error(ctx, 403, null, new Views.Error("csrf", null));
                    return;
                }
                changes.incrementAndGet();
                ctx.result("done");
            });
        }).start("127.0.0.1", 0);
    }

    private void signIn(Context ctx) {
        Views.SignIn view = new Views.SignIn(REQUEST, Csrf.token(ctx), ctx.queryParam("client"), ctx.queryParam("username"),
                ctx.queryParam("error"));
        int status = ctx.queryParam("error") == null ? 200 : 401;
        pages.signIn(ctx, status, ctx.queryParam("ui_locales"), view, redirect(ctx));
    }

    private void consent(Context ctx) {
        List<String> scopes = ctx.queryParam("scope") == null ? List.of()
                : Arrays.asList(ctx.queryParam("scope").split(" "));
        pages.consent(ctx, ctx.queryParam("ui_locales"), new Views.Consent(REQUEST, Csrf.token(ctx),
                ctx.queryParam("client"), ctx.queryParam("username"), scopes), redirect(ctx));
    }

    private static URI redirect(Context ctx) {
        return ctx.queryParam("redirect_to") == null ? null : URI.create(ctx.queryParam("redirect_to"));
    }

    /** Query parameters named {@code carry.X} become field {@code X}. */
    private static Map<String, String> carried(Context ctx) {
        Map<String, String> fields = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (k.startsWith("carry.")) {
                fields.put(k.substring("carry.".length()), v.getFirst());
            }
        });
        return fields;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

package dev.gatehouse.server.browser;

import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.server.ops.BrokenRequest;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Views;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of a browser-facing handler answered as an error page, never as a stack trace. */
public final class BrowserPages {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserPages.class);

    private BrowserPages() {}

    public static Handler guard(Pages pages, Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (OAuthException e) {
                LOG.debug("{} {}: {}", ctx.method(), ctx.path(), LogText.printable(e.detail()));
                error(pages, ctx, e);
            } catch (StoreUnavailableException e) {
                LOG.warn("{} {}: unavailable: {}", ctx.method(), ctx.path(), LogText.printable(e.getMessage()));
                ctx.header("Retry-After", StoreUnavailableException.retryAfterHeader());
                pages.error(ctx, 503, null, new Views.Error("temporarily_unavailable",
                        "The service is temporarily unavailable; please try again in a moment."));
            } catch (Exception e) {
                OptionalInt broken = BrokenRequest.status(e);
                if (broken.isPresent()) {
                    pages.error(ctx, broken.getAsInt(), null, new Views.Error("invalid_request",
                            "The request could not be read."));
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                pages.error(ctx, 500, null, new Views.Error("server_error", "Something went wrong on our side."));
            }
        };
    }

    /** An error that must not be redirected (RFC 6749 4.1.2.1), shown to the user. */
    static void error(Pages pages, Context ctx, OAuthException e) {
        String description = e.error().getDescription() == null ? "The request is not valid." : e.error().getDescription();
        pages.error(ctx, 400, ctx.queryParam("ui_locales"), new Views.Error(e.error().getCode(), description));
    }
}

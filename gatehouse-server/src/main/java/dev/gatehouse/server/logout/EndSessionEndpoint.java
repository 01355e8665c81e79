package dev.gatehouse.server.logout;

import dev.gatehouse.server.browser.SessionCookie;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.logout.EndSession;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.pages.Csrf;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0), GET or POST. A relying party's request is
 * parsed here, decided by {@link EndSession} and answered with a redirect to a registered post-logout URI, the
 * signed-out page, or the confirmation page, whose CSRF-protected form posts back here with {@code decision}.
 */
final class EndSessionEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(EndSessionEndpoint.class);
    /** The single sign-on cookie the authorization endpoint sets. */
    static final String ID_TOKEN_HINT = "id_token_hint";
    static final String CLIENT_ID = "client_id";
    static final String POST_LOGOUT_REDIRECT_URI = "post_logout_redirect_uri";
    static final String STATE = "state";
    static final String UI_LOCALES = "ui_locales";
    static final String DECISION = "decision";
    private static final List<String> PARAMETERS = List.of(ID_TOKEN_HINT, CLIENT_ID, POST_LOGOUT_REDIRECT_URI, STATE,
            UI_LOCALES);
    /** Longer than any ID token this issuer signs. */
    private static final int MAX_VALUE_LENGTH = 8192;

    private final EndSession endSession;
    private final Pages pages;

    EndSessionEndpoint(EndSession endSession, Pages pages) {
        this.endSession = endSession;
        this.pages = pages;
    }

    void get(Context ctx) {
        Map<String, String> params = params(ctx, ctx.queryParamMap());
        if (params == null) {
            return;
        }
        answer(ctx, endSession.request(request(params), sessionHash(ctx)), params, 302);
    }

    /**
     * A relying party may post its logout request (RP-Initiated Logout 2); the browser does not send the
     * SameSite=Lax session cookie with a cross-site POST, so it is sent on to the same request as a GET, which it
     * does send the cookie with. The confirmation form posts here too, with {@code decision} and its CSRF token.
     */
    void post(Context ctx) {
        Map<String, List<String>> form = ctx.formParamMap();
        if (!form.containsKey(DECISION)) {
            Map<String, String> params = params(ctx, form);
            if (params != null) {
                ctx.redirect(Endpoints.END_SESSION + query(params), HttpStatus.SEE_OTHER);
                noStore(ctx);
            }
            return;
        }
        if (!Csrf.verify(ctx)) {
            LOG.info("logout confirmation refused: missing or wrong CSRF token");
            pages.error(ctx, 403, null, new Views.Error("csrf", "The form expired or came from another site. "
                    + "Go back and try again."));
            return;
        }
        Map<String, String> params = params(ctx, form);
        if (params == null) {
            return;
        }
        String decision = single(form.get(DECISION));
        if (!"logout".equals(decision)) {
            pages.error(ctx, 200, params.get(UI_LOCALES), new Views.Error("logout.cancelled", "You are still signed in."));
            return;
        }
        answer(ctx, endSession.confirmed(request(params), sessionHash(ctx)), params, 303);
    }

    private void answer(Context ctx, EndSession.Outcome outcome, Map<String, String> params, int redirectStatus) {
        String uiLocales = params.get(UI_LOCALES);
        switch (outcome) {
            case EndSession.Outcome.Refused r -> {
                LOG.info("logout request refused: {}", r.description());
                pages.error(ctx, 400, uiLocales, new Views.Error(r.error(), r.description()));
            }
            case EndSession.Outcome.Confirm c -> pages.logoutConfirm(ctx, uiLocales,
                    new Views.LogoutConfirm(Csrf.token(ctx), c.clientName(), params), c.redirect());
            case EndSession.Outcome.SignedOut s -> {
                if (ctx.cookie(SessionCookie.NAME) != null) {
                    SessionCookie.clear(ctx);
                }
                if (s.redirect() != null) {
                    ctx.status(redirectStatus);
                    ctx.header("Location", s.redirect().toString());
                    noStore(ctx);
                } else {
                    pages.signedOut(ctx, uiLocales, new Views.SignedOut(null));
                }
            }
        }
    }

    /** The known parameters, each at most once and of bounded length; null after answering a malformed request. */
    private Map<String, String> params(Context ctx, Map<String, List<String>> given) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            List<String> values = given.get(name);
            if (values == null || values.isEmpty() || values.getFirst().isEmpty() && values.size() == 1) {
                continue;
            }
            if (values.size() > 1 || values.getFirst().length() > MAX_VALUE_LENGTH) {
                LOG.info("logout request refused: parameter {} repeated or too long", LogText.printable(name));
                pages.error(ctx, 400, null, new Views.Error("invalid_request",
                        "The sign-out request is malformed: " + name + " is repeated or too long."));
                return null;
            }
            params.put(name, values.getFirst());
        }
        return params;
    }

    private static EndSession.Request request(Map<String, String> p) {
        return new EndSession.Request(p.get(ID_TOKEN_HINT), p.get(CLIENT_ID), p.get(POST_LOGOUT_REDIRECT_URI),
                p.get(STATE), p.get(UI_LOCALES));
    }

    private static String sessionHash(Context ctx) {
        String cookie = ctx.cookie(SessionCookie.NAME);
        return cookie == null || cookie.isEmpty() || cookie.length() > 256 ? null : Secrets.sha256(cookie);
    }

    private static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }

    private static String single(List<String> values) {
        return values == null || values.size() != 1 ? null : values.getFirst();
    }

    private static String query(Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((name, value) -> q.append(q.isEmpty() ? "?" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return q.toString();
    }
}

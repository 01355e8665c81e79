package dev.gatehouse.server.pages;

import dev.gatehouse.server.Endpoints;
import io.javalin.http.Context;

/**
 * Renders the hosted pages. Each method writes a whole response: status, security headers and HTML.
 * {@code uiLocales} is the authorization request's {@code ui_locales} (space-separated BCP 47 tags) or null.
 */
public final class Pages {
    public void signIn(Context ctx, int status, String uiLocales, Views.SignIn view) {
        write(ctx, status, "<h1>Sign in to " + escape(view.clientName()) + "</h1>"
                + (view.error() == null ? "" : "<p role=\"alert\">" + escape(view.error()) + "</p>")
                + "<form method=\"post\" action=\"" + Endpoints.AUTHORIZE_SIGN_IN + "\">"
                + hidden("request", view.request()) + hidden(Csrf.FIELD, view.csrf())
                + "<input name=\"username\" value=\"" + escape(view.username() == null ? "" : view.username()) + "\">"
                + "<input type=\"password\" name=\"password\"><button type=\"submit\">Sign in</button></form>");
    }

    public void consent(Context ctx, String uiLocales, Views.Consent view) {
        StringBuilder scopes = new StringBuilder("<ul>");
        view.scopes().forEach(s -> scopes.append("<li>").append(escape(s)).append("</li>"));
        write(ctx, 200, "<h1>" + escape(view.clientName()) + "</h1>" + scopes + "</ul>"
                + "<form method=\"post\" action=\"" + Endpoints.AUTHORIZE_CONSENT + "\">"
                + hidden("request", view.request()) + hidden(Csrf.FIELD, view.csrf())
                + "<button name=\"decision\" value=\"allow\">Allow</button>"
                + "<button name=\"decision\" value=\"deny\">Deny</button></form>");
    }

    public void error(Context ctx, int status, String uiLocales, Views.Error view) {
        write(ctx, status, "<h1>" + escape(view.error()) + "</h1><p>" + escape(view.description()) + "</p>");
    }

    public void logoutConfirm(Context ctx, String uiLocales, Views.LogoutConfirm view) {
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"" + Endpoints.END_SESSION + "\">");
        form.append(hidden(Csrf.FIELD, view.csrf()));
        view.hidden().forEach((name, value) -> form.append(hidden(name, value)));
        form.append("<button name=\"decision\" value=\"logout\">Sign out</button>")
                .append("<button name=\"decision\" value=\"stay\">Stay signed in</button></form>");
        write(ctx, 200, "<h1>Sign out</h1>" + form);
    }

    public void signedOut(Context ctx, String uiLocales, Views.SignedOut view) {
        write(ctx, 200, "<h1>Signed out</h1>" + (view.returnTo() == null ? ""
                : "<a href=\"" + escape(view.returnTo().toString()) + "\">Continue</a>"));
    }

    public void formPost(Context ctx, Views.FormPost view) {
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"")
                .append(escape(view.redirectUri().toString())).append("\">");
        view.fields().forEach((name, value) -> form.append(hidden(name, value)));
        write(ctx, 200, form.append("<button type=\"submit\">Continue</button></form>").toString());
    }

    private static void write(Context ctx, int status, String body) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; form-action *");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result("<!doctype html><html lang=\"en\"><body>" + body + "</body></html>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

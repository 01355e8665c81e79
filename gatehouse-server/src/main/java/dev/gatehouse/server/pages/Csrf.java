package dev.gatehouse.server.pages;

import dev.gatehouse.core.crypto.Secrets;
import io.javalin.http.Context;

/**
 * Cross-site request forgery protection for every form of the hosted pages: a random token in a
 * {@code __Host-} cookie (so no subdomain can plant one) repeated in the form's hidden {@code csrf} field, compared
 * in constant time. Browsers do not send a SameSite=Strict cookie on a cross-site post, so a forged form fails.
 */
public final class Csrf {
    public static final String COOKIE = "__Host-gh-csrf";
    public static final String FIELD = "csrf";

    private Csrf() {}

    /** The browser's token, set as a cookie first when it has none. */
    public static String token(Context ctx) {
        String current = ctx.cookie(COOKIE);
        if (current != null && current.length() == 43) {
            return current;
        }
        String token = Secrets.randomBase64Url(32);
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        return token;
    }

    /** Whether the posted form carries the browser's token. */
    public static boolean verify(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        String field = ctx.formParam(FIELD);
        return cookie != null && field != null && cookie.length() == 43 && Secrets.constantTimeEquals(cookie, field);
    }
}

package dev.gatehouse.server.pages;

import dev.gatehouse.core.crypto.Secrets;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * Cross-site request forgery protection for every form of the hosted pages (double-submit cookie): a random token
 * in a {@code __Host-} cookie (Secure, Path=/, no Domain, so no subdomain and no plain-HTTP page can plant or
 * read one) repeated in the form's hidden {@code csrf} field, compared in constant time. Another site can make
 * the browser post a form, but it can neither read the cookie to fill in the field nor set it; and a SameSite=Lax
 * cookie is not sent on a cross-site post at all. Lax rather than Strict keeps the token when the browser arrives
 * from a client's site, so a second tab's page does not replace the first one's token.
 */
public final class Csrf {
    public static final String COOKIE = "__Host-gh-csrf";
    public static final String FIELD = "csrf";
    /** 32 random bytes in base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Csrf() {}

    /** The browser's token, set as a cookie first when it has none (or one that is not a token of ours). */
    public static String token(Context ctx) {
        String current = ctx.cookie(COOKIE);
        if (current != null && TOKEN.matcher(current).matches()) {
            return current;
        }
        String token = Secrets.randomBase64Url(32);
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Lax");
        return token;
    }

    /** Whether the posted form carries the browser's token. */
    public static boolean verify(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        String field = ctx.formParam(FIELD);
        return cookie != null && field != null && TOKEN.matcher(cookie).matches()
                && Secrets.constantTimeEquals(cookie, field);
    }
}

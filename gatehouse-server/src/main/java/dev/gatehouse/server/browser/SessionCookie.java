package dev.gatehouse.server.browser;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The browser session cookie: {@code __Host-} so that no subdomain can plant or read it (Secure, Path=/, no Domain),
 * HttpOnly, and SameSite=Lax so that a relying party's top-level redirect to the authorization endpoint carries it
 * (single sign-on) while cross-site posts do not.
 */
public final class SessionCookie {
    public static final String NAME = "__Host-gh-session";

    private SessionCookie() {}

    public static String read(Context ctx) {
        return ctx.cookie(NAME);
    }

    static void set(Context ctx, String value, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", NAME + "=" + value + "; Path=/; Max-Age=" + Math.max(0, maxAge.toSeconds())
                + "; Secure; HttpOnly; SameSite=Lax");
    }

    public static void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", NAME + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
    }
}

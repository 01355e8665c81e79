package dev.gatehouse.server.pages;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** The security headers of every hosted page and every asset. */
public final class PageHeaders {
    public static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action %s; "
            + "frame-ancestors 'none'; base-uri 'none'%s";
    /** Assets are never documents of their own: an SVG opened directly runs nothing. */
    public static final String ASSET_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    /** The web, or a native app's private-use scheme, which is a reversed domain name (RFC 8252 7.1). */
    static final Pattern SCHEME = Pattern.compile("https?|[a-z][a-z0-9+-]*(\\.[a-z0-9+-]+)+");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+]");

    private PageHeaders() {}

    /**
     * @param formAction the sources of the policy's {@code form-action}, from {@link #formAction}
     * @param script     whether the page loads the issuer's own scripts ({@code /assets/*.js}); never inline
     */
    public static void page(Context ctx, String formAction, boolean script) {
        ctx.header("Content-Security-Policy", PAGE_POLICY.formatted(formAction, script ? "; script-src 'self'" : ""));
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        // no Cross-Origin-Opener-Policy: it would cut the window.opener link that a client's sign-in popup
        // (oidc-client-ts, for one) needs once the popup is back on the client's callback page
    }

    public static void asset(Context ctx) {
        ctx.header("Content-Security-Policy", ASSET_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    }

    /**
     * Where forms on a page may send the browser. Chromium and WebKit check {@code form-action} against every
     * redirect that answers a form too, so a form whose answer redirects to a client (sign-in, consent, logout)
     * must allow that client's origin beside the issuer's own.
     *
     * @param self   whether the page's forms post to the issuer
     * @param target the client's redirect URI the answer leads to, or null
     */
    public static String formAction(boolean self, URI target) {
        if (target == null) {
            return self ? "'self'" : "'none'";
        }
        return self ? "'self' " + source(target) : source(target);
    }

    /**
     * The CSP source expression that allows {@code target}'s origin and nothing more: {@code https://host:port}
     * for http(s), the scheme alone ({@code com.example.app:}) for a native app's private-use scheme.
     *
     * @throws IllegalArgumentException for a URI whose origin cannot be written safely into the policy
     */
    public static String source(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new IllegalArgumentException("form target neither http(s) nor a private-use scheme");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return scheme + ":";
        }
        String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("form target without a usable host");
        }
        return scheme + "://" + host + (target.getPort() == -1 ? "" : ":" + target.getPort());
    }
}

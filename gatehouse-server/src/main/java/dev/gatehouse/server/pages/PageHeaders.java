package dev.gatehouse.server.pages;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** The security headers of every hosted page and every asset. */
public final class PageHeaders {
    public static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'%s; "
            + "frame-ancestors 'none'; base-uri 'none'%s";
    /** Assets are never documents of their own: an SVG opened directly runs nothing. */
    public static final String ASSET_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+]");

    private PageHeaders() {}

    /**
     * @param formTarget where a form on this page may send the browser besides the issuer itself (the client's
     *                   redirect URI of a form_post response, or the one the issuer redirects to after the form),
     *                   or null
     * @param script     whether the page loads the issuer's own scripts ({@code /assets/*.js}); never inline
     */
    public static void page(Context ctx, URI formTarget, boolean script) {
        String formAction = formTarget == null ? "" : " " + source(formTarget);
        ctx.header("Content-Security-Policy", PAGE_POLICY.formatted(formAction, script ? "; script-src 'self'" : ""));
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }

    public static void asset(Context ctx) {
        ctx.header("Content-Security-Policy", ASSET_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
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
            throw new IllegalArgumentException("form target without a usable scheme");
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

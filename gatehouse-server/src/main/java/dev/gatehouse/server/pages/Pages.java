package dev.gatehouse.server.pages;

import dev.gatehouse.server.Endpoints;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the hosted pages. Each method writes a whole response: status, security headers and HTML, from the
 * operator's or the built-in template ({@code sign-in.ftlh}, {@code consent.ftlh}, {@code error.ftlh},
 * {@code logout-confirm.ftlh}, {@code signed-out.ftlh}, {@code form-post.ftlh}) in the reader's language.
 * {@code uiLocales} is the authorization request's {@code ui_locales} (space-separated BCP 47 tags) or null;
 * after it comes the browser's Accept-Language, then English.
 *
 * <p>Forms whose answer redirects the browser to a client take that client's URI ({@code redirectTo}): Chromium
 * and WebKit hold the redirect that answers a form to the page's CSP {@code form-action} as well, so the policy
 * names that origin beside the issuer's own. Without it the redirect is blocked in those browsers.
 *
 * <p>Built once at start (templates parsed and every page rendered once in every language, so a broken operator
 * template fails the start) and shared by every request.
 */
public final class Pages {
    static final String SIGN_IN = "sign-in.ftlh";
    static final String CONSENT = "consent.ftlh";
    static final String ERROR = "error.ftlh";
    static final String LOGOUT_CONFIRM = "logout-confirm.ftlh";
    static final String SIGNED_OUT = "signed-out.ftlh";
    static final String FORM_POST = "form-post.ftlh";
    static final List<String> TEMPLATES = List.of(SIGN_IN, CONSENT, ERROR, LOGOUT_CONFIRM, SIGNED_OUT, FORM_POST);

    private final PageRenderer renderer;

    /** The built-in pages under the default name. */
    public Pages() {
        this(PagesConfig.defaults());
    }

    /** @throws InvalidPagesException naming the template or file when the pages are broken */
    public Pages(PagesConfig config) {
        try {
            this.renderer = PageRenderer.create(config, TEMPLATES);
            selfCheck();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new InvalidPagesException(e.getMessage(), e);
        }
    }

    /** The languages the pages are shown in ({@code ui_locales_supported}): built in, and the operator's. */
    public List<java.util.Locale> languages() {
        return renderer.languages();
    }

    public Assets assets() {
        return renderer.assets();
    }

    /** @param redirectTo the client's redirect URI that a successful sign-in leads to, or null when it is not known */
    public void signIn(Context ctx, int status, String uiLocales, Views.SignIn view, URI redirectTo) {
        write(ctx, status, SIGN_IN, uiLocales, signInModel(view), PageHeaders.formAction(true, redirectTo), false);
    }

    /** @param redirectTo the client's redirect URI that either answer leads to, or null */
    public void consent(Context ctx, String uiLocales, Views.Consent view, URI redirectTo) {
        write(ctx, 200, CONSENT, uiLocales, consentModel(view), PageHeaders.formAction(true, redirectTo), false);
    }

    public void error(Context ctx, int status, String uiLocales, Views.Error view) {
        write(ctx, status, ERROR, uiLocales, errorModel(view), PageHeaders.formAction(true, null), false);
    }

    /** @param redirectTo the validated post-logout redirect URI that the answer leads to, or null */
    public void logoutConfirm(Context ctx, String uiLocales, Views.LogoutConfirm view, URI redirectTo) {
        write(ctx, 200, LOGOUT_CONFIRM, uiLocales, logoutModel(view), PageHeaders.formAction(true, redirectTo), false);
    }

    public void signedOut(Context ctx, String uiLocales, Views.SignedOut view) {
        write(ctx, 200, SIGNED_OUT, uiLocales, signedOutModel(view), PageHeaders.formAction(true, null), false);
    }

    /** The page posts only to the client's redirect URI, by script and, without JavaScript, by its button. */
    public void formPost(Context ctx, Views.FormPost view) {
        write(ctx, 200, FORM_POST, null, formPostModel(view), PageHeaders.formAction(false, view.redirectUri()), true);
    }

    private void write(Context ctx, int status, String template, String uiLocales, Map<String, Object> model,
                       String formAction, boolean script) {
        Locale locale = renderer.locale(PageLocales.parseUiLocales(uiLocales), ctx);
        renderer.write(ctx, status, template, locale, model, formAction, script);
    }

    private static Map<String, Object> signInModel(Views.SignIn view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", Endpoints.AUTHORIZE_SIGN_IN);
        m.put("hidden", fields("request", view.request(), Csrf.FIELD, view.csrf()));
        put(m, "clientName", view.clientName());
        m.put("username", view.username() == null ? "" : view.username());
        put(m, "error", view.error());
        return m;
    }

    private static Map<String, Object> consentModel(Views.Consent view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", Endpoints.AUTHORIZE_CONSENT);
        m.put("hidden", fields("request", view.request(), Csrf.FIELD, view.csrf()));
        put(m, "clientName", view.clientName());
        put(m, "username", view.username());
        m.put("scopes", view.scopes() == null ? List.of() : List.copyOf(view.scopes()));
        return m;
    }

    private static Map<String, Object> errorModel(Views.Error view) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "error", view.error());
        put(m, "description", view.description());
        return m;
    }

    private static Map<String, Object> logoutModel(Views.LogoutConfirm view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", Endpoints.END_SESSION);
        List<Map<String, String>> hidden = new ArrayList<>(fields(Csrf.FIELD, view.csrf()));
        if (view.hidden() != null) {
            view.hidden().forEach((name, value) -> hidden.add(field(name, value)));
        }
        m.put("hidden", hidden);
        put(m, "clientName", view.clientName());
        return m;
    }

    private static Map<String, Object> signedOutModel(Views.SignedOut view) {
        Map<String, Object> m = new LinkedHashMap<>();
        URI to = view.returnTo();
        if (to != null && to.getScheme() != null && PageHeaders.SCHEME.matcher(to.getScheme()).matches()) {
            m.put("returnTo", to.toString());
        }
        return m;
    }

    private static Map<String, Object> formPostModel(Views.FormPost view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", view.redirectUri().toString());
        List<Map<String, String>> hidden = new ArrayList<>();
        view.fields().forEach((name, value) -> hidden.add(field(name, value)));
        m.put("hidden", hidden);
        return m;
    }

    private static List<Map<String, String>> fields(String... namesAndValues) {
        List<Map<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return fields;
    }

    private static Map<String, String> field(String name, String value) {
        return Map.of("name", name, "value", value == null ? "" : value);
    }

    private static void put(Map<String, Object> model, String key, String value) {
        if (value != null) {
            model.put(key, value);
        }
    }

    /** Renders every page in every language once, with every optional value present and absent. */
    private void selfCheck() {
        Map<String, String> carried = new LinkedHashMap<>();
        carried.put("state", "s");
        List<Map<String, Object>> samples = List.of(
                signInModel(new Views.SignIn("r", "c", "Client", "user", "signin.error.credentials")),
                signInModel(new Views.SignIn("r", "c", null, null, null)),
                consentModel(new Views.Consent("r", "c", "Client", "user", List.of("openid", "profile", "custom"))),
                consentModel(new Views.Consent("r", "c", "Client", null, List.of())),
                errorModel(new Views.Error("invalid_request", "detail")),
                errorModel(new Views.Error("unknown_error", null)),
                logoutModel(new Views.LogoutConfirm("c", "Client", carried)),
                logoutModel(new Views.LogoutConfirm("c", null, Map.of())),
                signedOutModel(new Views.SignedOut(URI.create("https://client.example/bye"))),
                signedOutModel(new Views.SignedOut(null)),
                formPostModel(new Views.FormPost(URI.create("https://client.example/cb"), carried)));
        List<String> templates = List.of(SIGN_IN, SIGN_IN, CONSENT, CONSENT, ERROR, ERROR, LOGOUT_CONFIRM, LOGOUT_CONFIRM,
                SIGNED_OUT, SIGNED_OUT, FORM_POST);
        for (Locale locale : renderer.locales().supported()) {
            for (int i = 0; i < samples.size(); i++) {
                renderer.render(templates.get(i), locale, samples.get(i));
            }
        }
    }
}

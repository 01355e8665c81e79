package dev.gatehouse.server.pages;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What each hosted page shows. Text that a person reads is chosen by {@link Pages} from its message bundles;
 * the views carry data and message keys only. Form field names are fixed: tests and relying parties rely on them.
 */
public final class Views {
    private Views() {}

    /**
     * The sign-in form, posted to {@code Endpoints.AUTHORIZE_SIGN_IN} with fields {@code request}, {@code csrf},
     * {@code username}, {@code password}.
     *
     * @param request  the handle of the pending authorization request
     * @param username prefilled (login_hint, or the name just tried); null for none
     * @param error    message key of what went wrong ({@code signin.error.credentials}, {@code signin.error.throttled},
     *                 {@code signin.error.unavailable}); null for none
     */
    public record SignIn(String request, String csrf, String clientName, String username, String error) {}

    /**
     * The consent form, posted to {@code Endpoints.AUTHORIZE_CONSENT} with fields {@code request}, {@code csrf} and
     * the pressed button {@code decision} = {@code allow} or {@code deny}.
     *
     * @param scopes the scopes asked for, each shown with its message {@code scope.<name>} when the bundle has one
     */
    public record Consent(String request, String csrf, String clientName, String username, List<String> scopes) {}

    /**
     * An error shown instead of a redirect (unknown client, wrong redirect URI, expired request, CSRF failure).
     *
     * @param error       an OAuth error code or page error key ({@code invalid_request}, {@code csrf} ...)
     * @param description plain English detail; shown as is (escaped), never containing secrets
     */
    public record Error(String error, String description) {}

    /**
     * Asks whether to sign out, posted to {@code Endpoints.END_SESSION} with {@code csrf}, {@code decision}
     * = {@code logout} or {@code stay}, and the {@code hidden} fields carried over from the logout request.
     */
    public record LogoutConfirm(String csrf, String clientName, Map<String, String> hidden) {}

    /** Says the browser is signed out; {@code returnTo} is a validated post-logout redirect or null. */
    public record SignedOut(URI returnTo) {}

    /** OAuth 2.0 Form Post Response Mode: {@code fields} posted to {@code redirectUri} by the browser. */
    public record FormPost(URI redirectUri, Map<String, String> fields) {}
}

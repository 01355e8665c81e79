package dev.gatehouse.core.authorize;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated authorization request (RFC 6749 4.1.1, OpenID Connect Core 3.1.2.1): only {@code response_type=code},
 * a redirect URI registered for the client, scopes the client may ask for, an S256 PKCE challenge when there is one.
 *
 * @param redirectUri     where the response goes: the request's redirect_uri, or the client's only registered one
 * @param redirectUriSent whether the request named it (the token request must then repeat it, RFC 6749 4.1.3)
 * @param scopes          the scopes asked for, in request order; the client's registered ones when none was asked
 * @param state           carried back exactly; null when absent
 * @param nonce           carried into the ID token exactly; null when absent
 * @param codeChallenge   the S256 challenge (RFC 7636); null when the client sent none and need not
 * @param prompt          OpenID Connect prompt values ({@code none}, {@code login}, {@code consent}, ...)
 * @param maxAge          seconds since the last password sign-in beyond which the user signs in again; null for none
 * @param idTokenHint     an ID token naming who the client expects; checked when used; null when absent
 * @param loginHint       prefills the username; null when absent
 * @param uiLocales       space-separated BCP 47 tags for the pages; null when absent
 * @param acrValues       requested authentication context classes; voluntary, never raised; null when absent
 */
public record AuthorizationRequest(
        String clientId,
        URI redirectUri,
        boolean redirectUriSent,
        ResponseMode responseMode,
        List<String> scopes,
        String state,
        String nonce,
        String codeChallenge,
        Set<String> prompt,
        Long maxAge,
        String idTokenHint,
        String loginHint,
        String uiLocales,
        String acrValues) {

    public AuthorizationRequest {
        scopes = List.copyOf(new LinkedHashSet<>(scopes));
        prompt = Set.copyOf(prompt);
    }

    public boolean prompts(String value) {
        return prompt.contains(value);
    }

    public boolean isOpenId() {
        return scopes.contains("openid");
    }

    /** This request as stored while the browser is on a page: form-encoded, read back by {@link #deserialize}. */
    public String serialize() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        put(p, "client_id", clientId);
        put(p, "redirect_uri", redirectUri.toString());
        put(p, "redirect_uri_sent", Boolean.toString(redirectUriSent));
        put(p, "response_mode", responseMode.value());
        put(p, "scope", String.join(" ", scopes));
        put(p, "state", state);
        put(p, "nonce", nonce);
        put(p, "code_challenge", codeChallenge);
        put(p, "prompt", String.join(" ", prompt));
        put(p, "max_age", maxAge == null ? null : maxAge.toString());
        put(p, "id_token_hint", idTokenHint);
        put(p, "login_hint", loginHint);
        put(p, "ui_locales", uiLocales);
        put(p, "acr_values", acrValues);
        return URLUtils.serializeParameters(p);
    }

    /** A request {@link #serialize}d by this issuer (never one a client or browser sent). */
    public static AuthorizationRequest deserialize(String form) {
        Map<String, List<String>> p = URLUtils.parseParameters(form);
        String maxAge = get(p, "max_age");
        String scope = get(p, "scope");
        String prompt = get(p, "prompt");
        return new AuthorizationRequest(get(p, "client_id"), URI.create(get(p, "redirect_uri")),
                Boolean.parseBoolean(get(p, "redirect_uri_sent")),
                ResponseMode.parse(get(p, "response_mode")).orElseThrow(),
                scope == null ? List.of() : List.of(scope.split(" ")), get(p, "state"), get(p, "nonce"),
                get(p, "code_challenge"), prompt == null ? Set.of() : Set.of(prompt.split(" ")),
                maxAge == null ? null : Long.valueOf(maxAge), get(p, "id_token_hint"), get(p, "login_hint"),
                get(p, "ui_locales"), get(p, "acr_values"));
    }

    private static void put(Map<String, List<String>> p, String name, String value) {
        if (value != null && !value.isEmpty()) {
            p.put(name, List.of(value));
        }
    }

    private static String get(Map<String, List<String>> p, String name) {
        List<String> values = p.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}

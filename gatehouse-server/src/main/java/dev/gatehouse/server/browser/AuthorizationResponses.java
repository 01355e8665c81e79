package dev.gatehouse.server.browser;

import com.nimbusds.oauth2.sdk.ErrorObject;
import dev.gatehouse.core.authorize.ResponseMode;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Views;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends the browser back to the client with the authorization response: the code or the error (RFC 6749 4.1.2 and
 * 4.1.2.1), the state, and the issuer (RFC 9207), in the redirect URI's query or as a form post.
 */
final class AuthorizationResponses {
    private final Pages pages;
    private final String issuer;

    AuthorizationResponses(Pages pages, URI issuer) {
        this.pages = pages;
        this.issuer = issuer.toString();
    }

    void code(Context ctx, URI redirectUri, ResponseMode mode, String code, String state) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("code", code);
        putState(fields, state);
        fields.put("iss", issuer);
        send(ctx, redirectUri, mode, fields);
    }

    void error(Context ctx, URI redirectUri, ResponseMode mode, ErrorObject error, String state) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("error", error.getCode());
        if (error.getDescription() != null) {
            fields.put("error_description", error.getDescription());
        }
        putState(fields, state);
        fields.put("iss", issuer);
        send(ctx, redirectUri, mode, fields);
    }

    private static void putState(Map<String, String> fields, String state) {
        if (state != null) {
            fields.put("state", state);
        }
    }

    private void send(Context ctx, URI redirectUri, ResponseMode mode, Map<String, String> fields) {
        ctx.header("Cache-Control", "no-store");
        if (mode == ResponseMode.FORM_POST) {
            pages.formPost(ctx, new Views.FormPost(redirectUri, fields));
            return;
        }
        StringBuilder location = new StringBuilder(redirectUri.toString());
        char separator = redirectUri.getRawQuery() == null ? '?' : '&';
        if (redirectUri.getRawQuery() != null && redirectUri.getRawQuery().isEmpty()) {
            separator = 0;
        }
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (separator != 0) {
                location.append(separator);
            }
            location.append(encode(f.getKey())).append('=').append(encode(f.getValue()));
            separator = '&';
        }
        // RFC 9110 15.4.4: 303 turns a POST into a GET; a GET keeps the usual 302
        ctx.status(ctx.method().name().equals("GET") ? 302 : 303);
        ctx.header("Location", location.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

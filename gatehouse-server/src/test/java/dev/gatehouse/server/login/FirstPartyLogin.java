package dev.gatehouse.server.login;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.minidev.json.JSONObject;

/** Calls the issuer's HTTP API as a browser script or a native app would, and parses what comes back. */
public final class FirstPartyLogin {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FirstPartyLogin() {}

    public static String credentials(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    public static String credentials(String username, String password, String scope) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"scope\":\"" + scope + "\"}";
    }

    public static HttpResponse<String> login(TestIssuer issuer, String json, String... headers) {
        return post(issuer, Endpoints.LOGIN, "application/json", json, headers);
    }

    /** A successful login's tokens, parsed by Nimbus as any OAuth client library would parse them. */
    public static Tokens loginTokens(TestIssuer issuer, String username, String password, String scope) {
        return tokens(login(issuer, credentials(username, password, scope)));
    }

    public static Tokens tokens(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("login failed: " + response.statusCode() + " " + response.body());
        }
        try {
            JSONObject json = JSONObjectUtils.parse(response.body());
            return json.containsKey("id_token")
                    ? OIDCTokenResponse.parse(json).getOIDCTokens()
                    : AccessTokenResponse.parse(json).getTokens();
        } catch (ParseException e) {
            throw new AssertionError("login response is not a token response: " + response.body(), e);
        }
    }

    public static HttpResponse<String> post(TestIssuer issuer, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(issuer.uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public static HttpResponse<String> get(TestIssuer issuer, String path) {
        return send(HttpRequest.newBuilder(issuer.uri(path)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A problem details body, parsed with a JSON library other than the one that wrote it. */
    public static JSONObject problem(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            throw new AssertionError("not a problem details response: " + response.headers().map() + " " + response.body());
        }
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new AssertionError("problem details body is not JSON: " + response.body(), e);
        }
    }
}

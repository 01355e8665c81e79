package dev.gatehouse.server.forwardauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Plain HTTP calls a proxy or a follower makes, and the token requests that set them up. */
final class GatewayHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    GatewayHttp(URI base) {
        this.base = base;
    }

    HttpClient client() {
        return http;
    }

    /** {@code headers} are name, value pairs. */
    HttpResponse<String> send(String method, String pathAndQuery, String... headers) {
        return exchange(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()), headers);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    private HttpResponse<String> form(String path, String body, String... headers) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** client_credentials with client_secret_basic; fails the test unless it succeeds. */
    String clientCredentials(String clientId, String secret) {
        return accessToken(form(Endpoints.TOKEN, "grant_type=client_credentials", "Authorization", basic(clientId, secret)));
    }

    /** A password grant with client_secret_basic; the whole token response. */
    JsonNode password(String clientId, String secret, String username, String password) {
        HttpResponse<String> response = form(Endpoints.TOKEN, "grant_type=password&username=" + encode(username)
                + "&password=" + encode(password), "Authorization", basic(clientId, secret));
        if (response.statusCode() != 200) {
            throw new AssertionError("token request failed: " + response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    HttpResponse<String> revoke(String clientId, String secret, String token) {
        return form(Endpoints.REVOCATION, "token=" + encode(token), "Authorization", basic(clientId, secret));
    }

    static String basic(String clientId, String secret) {
        String pair = encode(clientId) + ":" + encode(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String accessToken(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("token request failed: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("access_token").asText();
    }
}

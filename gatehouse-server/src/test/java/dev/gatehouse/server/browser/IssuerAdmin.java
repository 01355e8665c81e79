package dev.gatehouse.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

/**
 * An administrator of a running issuer, over HTTP only: logs in through the first-party login API and
 * registers clients through the admin API's JSON, as an operator's script would.
 */
public final class IssuerAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI issuer;
    private final String token;

    private IssuerAdmin(URI issuer, String token) {
        this.issuer = issuer;
        this.token = token;
    }

    /** Creates an administrator on {@code issuer} and logs it in. */
    public static IssuerAdmin create(TestIssuer issuer) {
        String username = "browser-admin";
        String password = "browser-admin-password-1";
        issuer.createUser(username, password, Set.of("admin"));
        return login(issuer.baseUri(), username, password);
    }

    /** Logs an existing administrator in through {@code POST /api/v1/login}. */
    public static IssuerAdmin login(URI issuer, String username, String password) {
        JsonNode tokens = send(HttpRequest.newBuilder(issuer.resolve("/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("username", username, "password", password)))),
                200);
        return new IssuerAdmin(issuer, tokens.path("access_token").asText());
    }

    /** Registers a client ({@code POST /admin/v1/clients}); returns its generated secret, null for a public client. */
    public String registerClient(Map<String, Object> registration) {
        JsonNode created = send(HttpRequest.newBuilder(issuer.resolve("/admin/v1/clients"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(registration))), 201);
        JsonNode secret = created.path("client_secret");
        return secret.isMissingNode() || secret.isNull() ? null : secret.asText();
    }

    /** Creates a user ({@code POST /admin/v1/users}) with a password and no roles. */
    public void createUser(String username, String password) {
        send(HttpRequest.newBuilder(issuer.resolve("/admin/v1/users"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("username", username, "password", password,
                        "roles", Set.of())))), 201);
    }

    private static JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new AssertionError(r.request().method() + " " + r.request().uri() + " answered "
                        + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

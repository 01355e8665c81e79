package dev.gatehouse.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP client of the admin API, holding one bearer token (or none). */
final class AdminApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger ADMINS = new AtomicInteger();

    private final TestIssuer issuer;
    private final String token;

    private AdminApi(TestIssuer issuer, String token) {
        this.issuer = issuer;
        this.token = token;
    }

    /** Creates a new admin user and logs them in through the first-party client, as the login API would. */
    static AdminApi asNewAdmin(TestIssuer issuer) {
        User admin = issuer.createUser("admin" + ADMINS.incrementAndGet(), "admin-password", Set.of("admin"));
        return new AdminApi(issuer, login(issuer, admin).accessToken().value());
    }

    static AdminApi withToken(TestIssuer issuer, String token) {
        return new AdminApi(issuer, token);
    }

    static AdminApi anonymous(TestIssuer issuer) {
        return new AdminApi(issuer, null);
    }

    /** A session of {@code user} at the built-in first-party client: access and refresh token. */
    static TokenResult login(TestIssuer issuer, User user) {
        OAuthClient firstParty = issuer.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();
        return issuer.services().sessionTokens().login(user, firstParty, null, List.of(), "192.0.2.10",
                "admin-test/1.0", "login");
    }

    String token() {
        return token;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON merge patch (RFC 7396). */
    HttpResponse<String> patch(String path, String json) {
        return send("PATCH", path, "application/merge-patch+json", json);
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    URI uri(String path) {
        // the user's own API lives beside the admin API
        boolean absolute = path.startsWith(Endpoints.ADMIN) || path.startsWith("/api/");
        return issuer.uri(absolute ? path : Endpoints.ADMIN + path);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object from alternating names and values, e.g. {@code body("username", "bob", "roles", List.of())}. */
    static String body(Object... namesAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return node.toString();
    }
}

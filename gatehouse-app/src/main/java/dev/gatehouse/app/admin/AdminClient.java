package dev.gatehouse.app.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A thin client of the admin REST API ({@code /admin/v1}, Bearer token, JSON). With a stored login it
 * refreshes an expired access token once (through the first-party client) and keeps the new tokens.
 */
public final class AdminClient {
    public static final String ADMIN_BASE = "/admin/v1";
    public static final String FIRST_PARTY_CLIENT = "gatehouse";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final CredentialsFile store;
    private Credentials credentials;

    /**
     * @param store where refreshed tokens are kept; null when the token came from the environment
     */
    public AdminClient(URI base, Credentials credentials, CredentialsFile store) {
        this.base = base;
        this.credentials = credentials;
        this.store = store;
    }

    /** Logs in through the first-party login endpoint; no token needed. */
    public static JsonNode login(URI base, String username, String password) {
        AdminClient anonymous = new AdminClient(base, null, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        HttpResponse<String> response = anonymous.send(anonymous.request("/api/v1/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
        return anonymous.result("POST /api/v1/login", response);
    }

    public JsonNode get(String path, Map<String, String> query) {
        String q = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return call("GET", path + (q.isEmpty() ? "" : "?" + q), null);
    }

    public JsonNode call(String method, String path, Object body) {
        HttpResponse<String> response = authorized(method, path, body);
        if (response.statusCode() == 401 && credentials != null && credentials.refreshToken() != null && store != null
                && refresh()) {
            response = authorized(method, path, body);
        }
        return result(method + " " + ADMIN_BASE + path, response);
    }

    private HttpResponse<String> authorized(String method, String path, Object body) {
        if (credentials == null || credentials.accessToken() == null) {
            throw new AdminException("not logged in: run 'gatehouse admin login' or set GATEHOUSE_TOKEN");
        }
        HttpRequest.Builder request = request(ADMIN_BASE + path)
                .header("Authorization", "Bearer " + credentials.accessToken())
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(request);
    }

    private boolean refresh() {
        String form = "grant_type=refresh_token&client_id=" + enc(FIRST_PARTY_CLIENT) + "&refresh_token="
                + enc(credentials.refreshToken());
        HttpResponse<String> response = send(request("/oauth2/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode tokens = parse(response.body());
        String access = text(tokens, "access_token").orElse(null);
        if (access == null) {
            return false;
        }
        credentials = credentials.withTokens(access, text(tokens, "refresh_token").orElse(null));
        store.write(credentials);
        return true;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AdminException("cannot connect to " + base + " (is the issuer running? set --url)");
        } catch (IOException e) {
            throw new AdminException("request to " + base + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        }
    }

    private JsonNode result(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = response.body() == null || response.body().isBlank() ? NullNode.getInstance() : parse(response.body());
        if (status >= 200 && status < 300) {
            return body;
        }
        // RFC 9457 problem details, or an RFC 6749 error object
        String reason = text(body, "title").map(t -> t + text(body, "detail").map(d -> ": " + d).orElse(""))
                .or(() -> text(body, "error").map(e -> e + text(body, "error_description").map(d -> ": " + d).orElse("")))
                .orElse("");
        String hint = status == 401 ? " (log in again: gatehouse admin login)" : "";
        throw new AdminException(what + " answered " + status + (reason.isEmpty() ? "" : " " + reason) + hint);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package dev.gatehouse.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The request a load run sends over and over; an {@link HttpRequest} is immutable and can be resent as is. */
public sealed interface Scenario {
    Duration TIMEOUT = Duration.ofSeconds(30);

    HttpRequest request();

    enum Kind {
        /** Baseline: the issuer's cheapest endpoint, so other scenarios read as a ratio of it. */
        LIVENESS("liveness"),
        CLIENT_CREDENTIALS("client-credentials"),
        LOGIN("login"),
        /** A GET of any path, with a bearer token when one is given: gateway, upstream and verify-endpoint runs. */
        GET("get");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        static Kind fromName(String name) {
            for (Kind k : values()) {
                if (k.cliName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--scenario: liveness, client-credentials, login or get, got " + name);
        }
    }

    static Scenario of(LoadOptions o) {
        return switch (o.scenario()) {
            case LIVENESS -> new Liveness(URI.create(o.baseUri() + "/health/live"));
            case CLIENT_CREDENTIALS -> new ClientCredentials(URI.create(o.baseUri() + o.tokenPath()), o.clientId(), o.clientSecret(), o.scope());
            case LOGIN -> new Login(URI.create(o.baseUri() + o.loginPath()), o.username(), o.password());
            case GET -> new Get(URI.create(o.baseUri() + o.path()), o.bearer());
        };
    }

    /** GET of the liveness endpoint: the HTTP stack's own cost, the baseline of a run. */
    record Liveness(URI endpoint) implements Scenario {
        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).GET().build();
        }
    }

    /** GET of a path, with {@code Authorization: Bearer} when a token is given. */
    record Get(URI target, String bearer) implements Scenario {
        @Override
        public HttpRequest request() {
            HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(TIMEOUT).GET();
            if (bearer != null && !bearer.isBlank()) {
                b.header("Authorization", "Bearer " + bearer);
            }
            return b.build();
        }

        @Override
        public String toString() {
            return "Get[" + target + (bearer == null ? "" : ", with bearer token") + "]";
        }
    }

    /** RFC 6749 4.4 token request with client_secret_basic (2.3.1: id and secret form-encoded before base64). */
    record ClientCredentials(URI tokenEndpoint, String clientId, String secret, String scope) implements Scenario {
        @Override
        public HttpRequest request() {
            String credentials = form(clientId) + ":" + form(secret);
            String body = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + form(scope));
            return HttpRequest.newBuilder(tokenEndpoint)
                    .timeout(TIMEOUT)
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        @Override
        public String toString() {
            return "ClientCredentials[" + tokenEndpoint + ", " + clientId + "]";
        }
    }

    /** The issuer's first-party JSON login. */
    record Login(URI loginEndpoint, String username, String password) implements Scenario {
        @Override
        public HttpRequest request() {
            String body = "{\"username\":" + json(username) + ",\"password\":" + json(password) + "}";
            return HttpRequest.newBuilder(loginEndpoint)
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        @Override
        public String toString() {
            return "Login[" + loginEndpoint + ", " + username + "]";
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String json(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

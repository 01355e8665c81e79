package dev.gatehouse.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.Issuer;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import dev.gatehouse.store.jdbc.DatabaseTimeouts;
import dev.gatehouse.store.jdbc.FaultyTcpProxy;
import dev.gatehouse.store.jdbc.JdbcStores;
import dev.gatehouse.store.jdbc.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An issuer on PostgreSQL through a proxy that stalls, resets or slows the connection. Every endpoint that
 * needs the database answers 503 with {@code Retry-After} (OAuth endpoints {@code temporarily_unavailable},
 * the others problem details), readiness says so, and once the database heals the same issuer serves again,
 * with nothing the outage interrupted applied. The bound on each answer is the HTTP client's timeout, far
 * above the database timeouts configured here; nothing is timed.
 */
class DatabaseFaultsTest {
    private static final DatabaseTimeouts SHORT = new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(20);
    private static final Duration HEAL_BOUND = Duration.ofSeconds(30);
    private static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PostgresDatabase database = new PostgresDatabase();
    private FaultyTcpProxy proxy;
    private JdbcStores jdbc;
    private Issuer issuer;
    private URI base;
    private String serviceSecret;
    private String introspectorSecret;
    private String feedSecret;

    @BeforeEach
    void start() {
        proxy = FaultyTcpProxy.start(PostgresDatabase.serverAddress());
        jdbc = database.openVia(proxy.port(), SHORT);
        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port);
        issuer = Issuer.start(new IssuerConfig("127.0.0.1", port, 64 * 1024, TokenConfig.defaults(base),
                TestIssuer.TEST_PASSWORDS, ThrottleConfig.defaults(), KeyEncryption.fromBase64(KeyEncryption.generateKey())),
                jdbc.stores(), MutableClock.startingNow());
        var clients = issuer.services().clients();
        serviceSecret = clients.create(TestClients.confidential("svc").build(), "test").secret();
        introspectorSecret = clients.create(TestClients.confidential("introspector").introspection().build(), "test").secret();
        feedSecret = clients.create(TestClients.confidential("gateway").scope("gatehouse.revocations").build(), "test").secret();
        issuer.services().users().create("alice", PASSWORD, Set.of(), "test");
        issuer.services().users().create("root", PASSWORD, Set.of("admin"), "test");
    }

    @AfterEach
    void stop() {
        if (issuer != null) {
            issuer.close();
        }
        if (jdbc != null) {
            jdbc.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        database.drop();
    }

    @Test
    void whileTheDatabaseStallsEveryEndpointNeedingItAnswers503WithRetryAfterAndAllServeAgainOnceItHeals() throws Exception {
        JsonNode alice = login("alice");
        String admin = login("root").path("access_token").asText();
        proxy.stall();

        assertNotReady();
        assertOAuthUnavailable(clientCredentials());
        assertOAuthUnavailable(refresh(alice.path("refresh_token").asText()));
        assertOAuthUnavailable(introspect(alice.path("refresh_token").asText()));
        assertOAuthUnavailable(revoke(alice.path("refresh_token").asText()));
        assertOAuthUnavailable(userinfo(alice.path("access_token").asText()));
        assertProblemUnavailable(send(loginRequest("alice")));
        assertProblemUnavailable(send(request(Endpoints.LOGOUT).header("Authorization", "Bearer " + alice.path("access_token").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")));
        assertProblemUnavailable(adminUsers(admin));
        assertProblemUnavailable(send(request(Endpoints.ADMIN + "/users").header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\"}"))));
        assertProblemUnavailable(openFeed());
        // the verify endpoint needs no database, but fails closed once the revocation log is too far behind
        await().atMost(Revocations.MAX_STALENESS.plus(HEAL_BOUND)).untilAsserted(() -> {
            HttpResponse<String> verdict = verify(alice.path("access_token").asText());
            assertThat(verdict.statusCode()).isEqualTo(503);
            assertThat(verdict.headers().firstValue("Retry-After")).isPresent();
        });

        proxy.pass();

        awaitReady();
        await().atMost(HEAL_BOUND).untilAsserted(() -> assertThat(verify(alice.path("access_token").asText()).statusCode()).isEqualTo(200));
        assertThat(clientCredentials().statusCode()).isEqualTo(200);
        // the refresh the stall interrupted rotated nothing: the same token refreshes once, and is not taken as reused
        HttpResponse<String> refreshed = refresh(alice.path("refresh_token").asText());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(introspect(json(refreshed).path("refresh_token").asText()).body()).contains("\"active\":true");
        assertThat(userinfo(json(refreshed).path("access_token").asText()).statusCode()).isEqualTo(200);
        assertThat(send(loginRequest("alice")).statusCode()).isEqualTo(200);
        HttpResponse<String> users = adminUsers(admin);
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(users.body()).contains("\"alice\"").doesNotContain("\"carol\"");
        HttpResponse<InputStream> feed = openFeed();
        feed.body().close();
        assertThat(feed.statusCode()).isEqualTo(200);
    }

    @Test
    void whileTheDatabaseStallsBrowserSignInAnswers503WithRetryAfterAndServesAgainOnceItHeals() throws Exception {
        String webSecret = issuer.services().clients().create(TestClients.confidential("web")
                .grant(GrantType.AUTHORIZATION_CODE).scope("openid").redirectUri("https://web.example/cb").build(),
                "test").secret();
        String authorize = Endpoints.AUTHORIZE + "?response_type=code&client_id=web&scope=openid&state=s"
                + "&redirect_uri=" + URLEncoder.encode("https://web.example/cb", StandardCharsets.UTF_8)
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
        proxy.stall();

        for (HttpResponse<String> page : List.of(send(request(authorize).GET()),
                send(request(Endpoints.END_SESSION + "?client_id=web").GET()))) {
            assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).isPresent();
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        }
        assertOAuthUnavailable(form(Endpoints.PAR, basic("web", webSecret), "response_type", "code", "client_id", "web",
                "scope", "openid", "redirect_uri", "https://web.example/cb",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));

        proxy.pass();

        awaitReady();
        HttpResponse<String> page = send(request(authorize).GET());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"password\"");
    }

    @Test
    void whileConnectionsAreResetTheAnswerIs503AndServiceResumesWithoutARestart() throws Exception {
        JsonNode alice = login("alice");
        proxy.reset();

        assertNotReady();
        assertOAuthUnavailable(refresh(alice.path("refresh_token").asText()));
        // more attempts than the throttles allow failures: an outage is no failed authentication
        for (int i = 0; i < 8; i++) {
            assertOAuthUnavailable(clientCredentials());
            assertProblemUnavailable(send(loginRequest("alice")));
        }

        proxy.pass();

        awaitReady();
        assertThat(clientCredentials().statusCode()).isEqualTo(200);
        assertThat(refresh(alice.path("refresh_token").asText()).statusCode()).isEqualTo(200);
        assertThat(send(loginRequest("alice")).statusCode()).isEqualTo(200);
    }

    @Test
    void dozensOfConcurrentCallersDuringAStallAreAll503MoreThanThePoolHasConnections() throws Exception {
        JsonNode alice = login("alice");
        String admin = login("root").path("access_token").asText();
        proxy.stall();

        // calls no throttle counts, so that every one of them reaches the pool
        List<Callable<HttpResponse<String>>> calls = List.of(() -> userinfo(alice.path("access_token").asText()),
                () -> refresh(alice.path("refresh_token").asText()), () -> adminUsers(admin));
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                answers.add(callers.submit(calls.get(i % calls.size())));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(ANSWER_BOUND.toSeconds() * 2, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            }
        }

        proxy.pass();
        awaitReady();
        assertThat(refresh(alice.path("refresh_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowDatabaseGetsCorrectAnswers() throws Exception {
        JsonNode alice = login("alice");
        String admin = login("root").path("access_token").asText();
        proxy.slow(Duration.ofMillis(20));

        assertThat(send(request(Endpoints.READY).GET()).statusCode()).isEqualTo(200);
        assertThat(clientCredentials().statusCode()).isEqualTo(200);
        HttpResponse<String> refreshed = refresh(alice.path("refresh_token").asText());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(introspect(json(refreshed).path("refresh_token").asText()).body()).contains("\"active\":true");
        assertThat(userinfo(json(refreshed).path("access_token").asText()).statusCode()).isEqualTo(200);
        assertThat(login("alice").path("access_token").asText()).isNotEmpty();
        assertThat(adminUsers(admin).statusCode()).isEqualTo(200);
    }

    private void assertNotReady() {
        HttpResponse<String> ready = send(request(Endpoints.READY).GET());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(ready).path("checks").path("database").asText()).isEqualTo("DOWN");
    }

    private void awaitReady() {
        await().atMost(HEAL_BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> send(request(Endpoints.READY).GET()).statusCode() == 200);
    }

    private static void assertOAuthUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().uri() + " " + response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(response).path("error").asText()).isEqualTo("temporarily_unavailable");
    }

    private static void assertProblemUnavailable(HttpResponse<?> response) throws IOException {
        String body = response.body() instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                : (String) response.body();
        assertThat(response.statusCode()).as(response.request().uri() + " " + body).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(body).path("status").asInt()).isEqualTo(503);
    }

    private JsonNode login(String username) {
        HttpResponse<String> response = send(loginRequest(username));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private HttpRequest.Builder loginRequest(String username) {
        return request(Endpoints.LOGIN).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"));
    }

    private HttpResponse<String> clientCredentials() {
        return form(Endpoints.TOKEN, basic("svc", serviceSecret), "grant_type", "client_credentials");
    }

    private HttpResponse<String> refresh(String refreshToken) {
        return form(Endpoints.TOKEN, null, "grant_type", GrantType.REFRESH_TOKEN.getValue(), "client_id", "gatehouse",
                "refresh_token", refreshToken);
    }

    private HttpResponse<String> introspect(String token) {
        return form(Endpoints.INTROSPECTION, basic("introspector", introspectorSecret), "token", token);
    }

    private HttpResponse<String> revoke(String token) {
        return form(Endpoints.REVOCATION, null, "client_id", "gatehouse", "token", token);
    }

    private HttpResponse<String> userinfo(String accessToken) {
        return send(request(Endpoints.USERINFO).header("Authorization", "Bearer " + accessToken).GET());
    }

    private HttpResponse<String> verify(String accessToken) {
        return send(request(Endpoints.VERIFY + "?audience=" + URLEncoder.encode(base.toString(), StandardCharsets.UTF_8))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    private HttpResponse<String> adminUsers(String adminToken) {
        return send(request(Endpoints.ADMIN + "/users").header("Authorization", "Bearer " + adminToken).GET());
    }

    private HttpResponse<InputStream> openFeed() {
        try {
            return http.send(request(Endpoints.REVOCATION_FEED).header("Authorization", basic("gateway", feedSecret)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> form(String path, String authorization, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_BOUND);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

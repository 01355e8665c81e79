package dev.gatehouse.server.forwardauth;

import static dev.gatehouse.server.forwardauth.GatewayHttp.basic;
import static dev.gatehouse.server.forwardauth.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationFeedEndpointTest {
    static final String PASSWORD = "correct horse battery";
    static final Duration WITHIN = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static TestIssuer issuer;
    static GatewayHttp http;
    static String adminToken;
    static String feedSecret;
    static String appSecret;

    final List<FeedFollower> followers = new ArrayList<>();

    @BeforeAll
    static void start() {
        issuer = TestIssuer.start(dir);
        http = new GatewayHttp(issuer.baseUri());
        User admin = issuer.createUser("root", "admin-password", Set.of("admin"));
        OAuthClient firstParty = issuer.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();
        adminToken = issuer.services().sessionTokens().login(admin, firstParty, null, List.of(), "192.0.2.10",
                "feed-test/1.0", "login").accessToken().value();
        feedSecret = registerFeedClientThroughTheAdminApi("gateway");
        appSecret = issuer.register(TestClients.confidential("app").grant(GrantType.PASSWORD).scope("orders:read").build());
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @AfterEach
    void closeFollowers() {
        followers.forEach(FeedFollower::close);
    }

    /** How an operator registers a follower: a confidential client with the scope gatehouse.revocations. */
    static String registerFeedClientThroughTheAdminApi(String clientId) {
        String body = new ObjectMapper().valueToTree(Map.of(
                "client_id", clientId,
                "name", "Gateway " + clientId,
                "auth_methods", List.of("client_secret_basic"),
                "grant_types", List.of("client_credentials"),
                "scopes", List.of("gatehouse.revocations"))).toString();
        HttpResponse<String> created = admin("POST", "/clients", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("client_secret").asText();
    }

    static HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(issuer.uri(Endpoints.ADMIN + path))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    FeedFollower follow(String query, String... headers) {
        FeedFollower follower = FeedFollower.open(http.client(), issuer.uri(Endpoints.REVOCATION_FEED + query),
                concat(new String[] {"Authorization", basic("gateway", feedSecret)}, headers));
        followers.add(follower);
        return follower;
    }

    /** Revokes a fresh access token of "app" through /oauth2/revoke; returns its jti. */
    static String revokeAnAccessToken() {
        String token = http.clientCredentials("app", appSecret);
        String jti = verifiedJti(token);
        assertThat(http.revoke("app", appSecret, token).statusCode()).isEqualTo(200);
        return jti;
    }

    static String verifiedJti(String token) {
        try {
            return issuer.services().verifier().verify(token).jti();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode eventOf(FeedFollower follower, String kind, String value) {
        return follower.revocations().stream()
                .filter(e -> e.path("kind").asText().equals(kind) && e.path("value").asText().equals(value))
                .findFirst().orElse(null);
    }

    @Test
    void aRevocationEventAsSentReadsTheSameWithJacksonAndWithTheFollowersParser() throws Exception {
        String jti = revokeAnAccessToken();
        RevocationEvent logged = issuer.services().stores().revocationLog().after(0, 10_000).stream()
                .filter(e -> e.value().equals(jti)).findFirst().orElseThrow();
        FeedFollower follower = follow("?after=" + (logged.sequence() - 1));

        await().atMost(WITHIN).until(() -> !follower.heartbeats().isEmpty());
        String sent = follower.events().stream().filter(e -> e.type().equals("revocation")).findFirst().orElseThrow().text();

        JsonNode jackson = new ObjectMapper().readTree(sent);
        assertThat(jackson.path("sequence").isIntegralNumber()).isTrue();
        assertThat(new RevocationEvent(jackson.path("sequence").asLong(),
                RevocationKind.fromWireName(jackson.path("kind").asText()), jackson.path("value").asText(),
                Instant.parse(jackson.path("issued_at").asText()), Instant.parse(jackson.path("expires_at").asText())))
                .isEqualTo(logged);
        assertThat(RevocationEvent.parse(sent)).isEqualTo(logged);
    }

    @Test
    void aFollowerGetsTheRetainedEventsInOrderThenAHeartbeat() {
        String first = revokeAnAccessToken();
        String second = revokeAnAccessToken();

        FeedFollower follower = follow("");

        assertThat(follower.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));
        assertThat(follower.response().headers().firstValue("Cache-Control")).hasValue("no-store");
        await().atMost(WITHIN).until(() -> !follower.heartbeats().isEmpty());
        List<FeedFollower.Event> events = follower.events();
        int heartbeat = events.indexOf(events.stream().filter(e -> e.type().equals("heartbeat")).findFirst().orElseThrow());
        List<FeedFollower.Event> backlog = events.subList(0, heartbeat);
        assertThat(backlog).isNotEmpty().allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("revocation");
            assertThat(e.id()).isEqualTo(e.data().path("sequence").asText());
        });
        assertThat(backlog).extracting(e -> e.data().path("sequence").asLong()).isSorted().doesNotHaveDuplicates();
        assertThat(backlog).extracting(e -> e.data().path("value").asText()).containsSubsequence(first, second);
        assertThat(events.get(heartbeat).data().path("last_sequence").asLong())
                .isEqualTo(backlog.getLast().data().path("sequence").asLong());
        JsonNode event = eventOf(follower, "jti", second);
        assertThat(event.has("issued_at")).isTrue();
        assertThat(Instant.parse(event.path("expires_at").asText())).isAfter(Instant.parse(event.path("issued_at").asText()));
    }

    @Test
    void aTokenRevokedAtTheRevocationEndpointReachesAnOpenStreamAtOnce() {
        FeedFollower follower = follow("");
        await().atMost(WITHIN).until(() -> !follower.heartbeats().isEmpty());

        String jti = revokeAnAccessToken();

        await().atMost(WITHIN).until(() -> eventOf(follower, "jti", jti) != null);
    }

    @Test
    void aSessionRevokedByAnAdministratorReachesAnOpenStream() throws Exception {
        issuer.createUser("carol", PASSWORD, Set.of());
        String token = http.password("app", appSecret, "carol", PASSWORD).path("access_token").asText();
        String sid = issuer.services().verifier().verify(token).sid();
        FeedFollower follower = follow("");

        assertThat(admin("DELETE", "/sessions/" + sid, null).statusCode()).isEqualTo(204);

        await().atMost(WITHIN).until(() -> eventOf(follower, "sid", sid) != null);
    }

    @Test
    void aDisabledUserReachesAnOpenStream() {
        User dave = issuer.createUser("dave", PASSWORD, Set.of());
        FeedFollower follower = follow("");

        HttpResponse<String> disabled = admin("POST", "/users/" + dave.id() + "/disable", null);
        assertThat(disabled.statusCode()).as(disabled.body()).isBetween(200, 204);

        await().atMost(WITHIN).until(() -> eventOf(follower, "sub_nbf", dave.id()) != null);
    }

    @Test
    void aDeletedClientReachesAnOpenStream() {
        issuer.register(TestClients.confidential("doomed").build());
        FeedFollower follower = follow("");

        assertThat(admin("DELETE", "/clients/doomed", null).statusCode()).isEqualTo(204);

        await().atMost(WITHIN).until(() -> eventOf(follower, "client", "doomed") != null);
    }

    @Test
    void resumingAfterASequenceSkipsWhatWasSeen() {
        revokeAnAccessToken();
        long seen = issuer.services().stores().revocationLog().lastSequence();
        String next = revokeAnAccessToken();

        FeedFollower byQuery = follow("?after=" + seen);
        FeedFollower byHeader = follow("", "Last-Event-ID", Long.toString(seen));
        FeedFollower queryWins = follow("?after=" + seen, "Last-Event-ID", "0");

        for (FeedFollower follower : List.of(byQuery, byHeader, queryWins)) {
            await().atMost(WITHIN).until(() -> !follower.heartbeats().isEmpty());
            assertThat(follower.sequences()).isNotEmpty().allSatisfy(s -> assertThat(s).isGreaterThan(seen));
            assertThat(eventOf(follower, "jti", next)).isNotNull();
        }
    }

    @Test
    void heartbeatsKeepComingWhileNothingHappens() {
        long last = issuer.services().stores().revocationLog().lastSequence();

        FeedFollower follower = follow("?after=" + last);

        await().atMost(Duration.ofSeconds(30)).until(() -> follower.heartbeats().size() >= 3);
        assertThat(follower.heartbeats()).allSatisfy(h -> assertThat(h.path("last_sequence").asLong()).isGreaterThanOrEqualTo(last));
    }

    @Test
    void twoConcurrentFollowersBothReceiveEveryEvent() {
        long last = issuer.services().stores().revocationLog().lastSequence();
        FeedFollower one = follow("?after=" + last);
        FeedFollower two = follow("?after=" + last);
        await().atMost(WITHIN).until(() -> !one.heartbeats().isEmpty() && !two.heartbeats().isEmpty());

        List<String> jtis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jtis.add(revokeAnAccessToken());
        }

        for (FeedFollower follower : List.of(one, two)) {
            await().atMost(WITHIN).until(() -> jtis.stream().allMatch(jti -> eventOf(follower, "jti", jti) != null));
            assertThat(follower.sequences()).isSorted().doesNotHaveDuplicates();
        }
        assertThat(one.sequences()).isEqualTo(two.sequences());
    }

    @Test
    void aCallerWithoutCredentialsGets401WithABasicChallenge() {
        HttpResponse<String> response = http.get(Endpoints.REVOCATION_FEED);

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"gatehouse\"");
    }

    @Test
    void aWrongSecretOrABearerTokenGets401() {
        String token = http.clientCredentials("app", appSecret);

        for (String authorization : List.of(basic("gateway", "wrong"), basic("nobody", "x"), "Bearer " + token, "Basic !!!")) {
            HttpResponse<String> response = http.get(Endpoints.REVOCATION_FEED, "Authorization", authorization);
            assertProblem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"gatehouse\"");
        }
    }

    @Test
    void aClientWithoutTheRevocationsScopeGets403() {
        HttpResponse<String> response = http.get(Endpoints.REVOCATION_FEED, "Authorization", basic("app", appSecret));

        assertThat(assertProblem(response, 403).path("detail").asText()).contains("gatehouse.revocations");
    }

    @Test
    void aPositionThatIsNoSequenceGets400() {
        for (String query : List.of("?after=-1", "?after=abc", "?after=", "?after=99999999999999999999")) {
            assertProblem(http.get(Endpoints.REVOCATION_FEED + query, "Authorization", basic("gateway", feedSecret)), 400);
        }
        assertProblem(http.get(Endpoints.REVOCATION_FEED, "Authorization", basic("gateway", feedSecret),
                "Last-Event-ID", "x1"), 400);
    }

    @Test
    void aPositionBeyondTheEndOfTheLogGets409WithTheLastSequence() {
        long head = issuer.services().stores().revocationLog().lastSequence();

        JsonNode problem = assertProblem(http.get(Endpoints.REVOCATION_FEED + "?after=" + (head + 1000),
                "Authorization", basic("gateway", feedSecret)), 409);

        assertThat(problem.path("last_sequence").asLong()).isEqualTo(head);
        assertThat(problem.path("detail").asText()).contains("resume from 0");
    }

    @Test
    void closingTheIssuerEndsOpenStreams(@TempDir Path ownDir) throws Exception {
        TestIssuer own = TestIssuer.start(ownDir);
        String secret = own.register(TestClients.confidential("gateway").scope("gatehouse.revocations").build());
        FeedFollower follower;
        try {
            follower = FeedFollower.open(http.client(), own.uri(Endpoints.REVOCATION_FEED), "Authorization", basic("gateway", secret));
            followers.add(follower);
            await().atMost(WITHIN).until(() -> !follower.heartbeats().isEmpty());
        } finally {
            // bounded, so that a close held up by the open stream fails the test instead of hanging it
            CompletableFuture.runAsync(own::close).get(30, TimeUnit.SECONDS);
        }

        await().atMost(WITHIN).until(follower::ended);
    }

    @Test
    void aLogThatCannotBeReadEndsTheStreamSoTheFollowerReconnects(@TempDir Path ownDir) throws Exception {
        TestIssuer own = TestIssuer.start(ownDir);
        try {
            String secret = own.register(TestClients.confidential("gateway").scope("gatehouse.revocations").build());
            FeedFollower follower = FeedFollower.open(http.client(), own.uri(Endpoints.REVOCATION_FEED), "Authorization",
                    basic("gateway", secret));
            followers.add(follower);
            await().atMost(WITHIN).until(() -> !follower.heartbeats().isEmpty());

            own.closeDatabase();

            // the next heartbeat reads the log first: it fails, and the stream ends instead of lying that it is current
            await().atMost(Duration.ofSeconds(30)).until(follower::ended);
        } finally {
            CompletableFuture.runAsync(own::close).get(30, TimeUnit.SECONDS);
        }
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = json(response);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).isNotEmpty();
        return body;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

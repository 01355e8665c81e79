package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway wired to a real issuer: its keys, its revocation feed, and what happens when the feed is lost. */
class GatewayNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    TestIssuer issuer;
    EchoUpstream orders;
    GatewayNode node;
    String serviceSecret;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        serviceSecret = issuer.register(TestClients.confidential("reporting").scope("orders.read").audience("orders").build());
        String feedSecret = issuer.register(TestClients.confidential("edge").scope("gatehouse.revocations").build());
        orders = EchoUpstream.start("orders");
        GatewayConfig config = GatewayConfig.of("127.0.0.1", 0, List.of(
                Route.guarded(null, "/orders", orders.uri(), "orders").withScopes("orders.read")));
        IssuerLink link = new IssuerLink(issuer.baseUri(), "edge", Duration.ofSeconds(1), true, 1000,
                Duration.ofSeconds(5), null);
        node = GatewayNode.start(config, link, feedSecret);
    }

    @AfterEach
    void stop() {
        node.close();
        orders.close();
        issuer.close();
    }

    @Test
    void aTokenRevokedAtTheIssuerIsRefusedByTheGatewayLongBeforeItExpires() throws Exception {
        String token = token();
        assertThat(call(token).statusCode()).isEqualTo(200);

        revoke(token);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> call(token).statusCode() == 401);
        HttpResponse<String> refused = call(token);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                c -> assertThat(c).contains("invalid_token").contains("revoked"));
        assertThat(node.status().denylistSize()).isEqualTo(1);
    }

    @Test
    void everySessionOfAUserEndedAtTheIssuerIsRefusedByTheGateway() throws Exception {
        issuer.register(TestClients.publicClient("web").firstParty().scope("orders.read").audience("orders").build());
        String subject = issuer.createUser("alice", "alice-password-1", java.util.Set.of()).id();
        String first = login();
        String second = login();
        assertThat(call(first).statusCode()).isEqualTo(200);
        assertThat(call(second).statusCode()).isEqualTo(200);

        issuer.services().revocations().revokeSubject(subject, "test-admin", "test");

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> call(first).statusCode() == 401 && call(second).statusCode() == 401);
    }

    @Test
    void aDeletedClientsTokensAreRefusedByTheGateway() throws Exception {
        String token = token();
        assertThat(call(token).statusCode()).isEqualTo(200);

        assertThat(issuer.services().clients().delete("reporting", "test-admin")).isTrue();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> call(token).statusCode() == 401);
    }

    @Test
    void aLostFeedMakesTheGatewayFailClosedAndSaySoThenRecoverWhenTheIssuerReturns() throws Exception {
        String token = token();
        assertThat(call(token).statusCode()).isEqualTo(200);

        issuer.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> call(token).statusCode() == 503);
        assertThat(call(token).headers().firstValue("Retry-After")).contains("1");
        HttpResponse<String> ready = get("/__gatehouse/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("failing closed");
        assertThat(get("/__gatehouse/metrics", null).body()).contains("gatehouse_gateway_revocation_feed_stale 1.0");

        issuer = issuer.restart();

        await().atMost(Duration.ofSeconds(15)).until(() -> call(token).statusCode() == 200);
        assertThat(get("/__gatehouse/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get("/__gatehouse/metrics", null).body()).contains("gatehouse_gateway_revocation_feed_stale 0.0");
    }

    @Test
    void revocationsWrittenWhileTheGatewayWasDisconnectedReachItWhenItResumes() throws Exception {
        String token = token();
        assertThat(call(token).statusCode()).isEqualTo(200);
        long before = node.status().lastSequence();

        issuer = issuer.restart();
        // written straight to the shared log, as another issuer node would while this gateway reconnects
        String jti = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        issuer.services().revocations().catchUp();
        issuer.services().stores().revocationLog().append(RevocationKind.JTI, jti, Instant.now(),
                Instant.now().plus(Duration.ofMinutes(10)));

        await().atMost(Duration.ofSeconds(15)).until(() -> call(token).statusCode() == 401);
        assertThat(node.status().lastSequence()).isEqualTo(before + 1);
    }

    private String token() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(issuer.uri("/oauth2/token"))
                .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("access_token").asText();
    }

    private String login() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(issuer.uri("/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"alice\",\"password\":\"alice-password-1\",\"client_id\":\"web\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("access_token").asText();
    }

    private void revoke(String token) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(issuer.uri("/oauth2/revoke"))
                .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("reporting:" + serviceSecret).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(String token) throws IOException, InterruptedException {
        return get("/orders/1", token);
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

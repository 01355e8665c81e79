package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.server.Issuer;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.store.jdbc.JdbcStores;
import dev.gatehouse.store.jdbc.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two issuer nodes on one PostgreSQL database, as behind a load balancer: a token revoked at one node is refused
 * by a gateway that follows the other node's revocation feed.
 */
class MultiNodeRevocationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PostgresDatabase database = new PostgresDatabase();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        database.drop();
    }

    @Test
    void aTokenRevokedAtOneNodeIsRefusedByAGatewayFollowingTheOther() throws Exception {
        int portA = freePort();
        int portB = freePort();
        URI issuerUrl = URI.create("http://127.0.0.1:" + portB); // the one public URL both nodes answer for
        KeyEncryption kek = KeyEncryption.fromBase64(KeyEncryption.generateKey());
        Issuer nodeA = node(portA, issuerUrl, kek);
        Issuer nodeB = node(portB, issuerUrl, kek);
        String secret = nodeA.services().clients().create(TestClients.confidential("reporting").scope("orders.read")
                .audience("orders").build(), "test").secret();
        String feedSecret = nodeA.services().clients().create(TestClients.confidential("edge")
                .scope("gatehouse.revocations").build(), "test").secret();
        EchoUpstream orders = EchoUpstream.start("orders");
        running.add(orders);
        GatewayNode gateway = GatewayNode.start(GatewayConfig.of("127.0.0.1", 0, List.of(
                        Route.guarded(null, "/orders", orders.uri(), "orders").withScopes("orders.read"))),
                IssuerLink.of(issuerUrl, "edge"), feedSecret);
        running.add(gateway);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("reporting:" + secret).getBytes(StandardCharsets.UTF_8));

        String token = token(portA, basic);
        assertThat(call(gateway, token)).isEqualTo(200);

        HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/oauth2/revoke"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> call(gateway, token) == 401);
        assertThat(nodeB.services().denylist().size()).as("node B learnt it from the shared log").isEqualTo(1);
    }

    private Issuer node(int port, URI issuerUrl, KeyEncryption kek) {
        JdbcStores stores = database.open();
        running.add(stores::close);
        Issuer issuer = Issuer.start(new IssuerConfig("127.0.0.1", port, 64 * 1024, TokenConfig.defaults(issuerUrl),
                new PasswordConfig(8 * 1024, 1, 1), ThrottleConfig.defaults(), kek, TransportSecurity.plainHttp()),
                stores.stores(), Clock.systemUTC());
        running.add(issuer);
        return issuer;
    }

    private static String token(int port, String basic) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body()).get("access_token").asText();
    }

    private static int call(GatewayNode gateway, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/orders/1"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.http.tls.SelfSignedCertificate;
import dev.gatehouse.http.tls.TlsClients;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens only over TLS: an https issuer, trusted through gateway.issuer.ca, and a gateway serving HTTPS itself. */
class GatewayTlsTest {
    @TempDir
    Path dir;

    TestIssuer issuer;
    EchoUpstream orders;
    GatewayNode node;
    HttpClient toIssuer;
    HttpClient toGateway;
    String basic;

    @BeforeEach
    void start() throws Exception {
        SelfSignedCertificate.PemFiles issuerTls = SelfSignedCertificate.ensure(dir.resolve("issuer-tls"), Clock.systemUTC());
        SelfSignedCertificate.PemFiles gatewayTls = SelfSignedCertificate.ensure(dir.resolve("gateway-tls"), Clock.systemUTC());
        issuer = TestIssuer.start(dir.resolve("issuer"), TransportSecurity.tls(issuerTls.certificate(), issuerTls.privateKey()));
        String secret = issuer.register(TestClients.confidential("reporting").scope("orders.read").audience("orders").build());
        basic = "Basic " + Base64.getEncoder().encodeToString(("reporting:" + secret).getBytes(StandardCharsets.UTF_8));
        String feedSecret = issuer.register(TestClients.confidential("edge").scope("gatehouse.revocations").build());
        orders = EchoUpstream.start("orders");
        GatewayConfig config = GatewayConfig.of("127.0.0.1", 0, List.of(
                        Route.guarded(null, "/orders", orders.uri(), "orders").withScopes("orders.read")))
                .withTransport(TransportSecurity.tls(gatewayTls.certificate(), gatewayTls.privateKey()));
        IssuerLink link = new IssuerLink(issuer.baseUri(), "edge", Duration.ofSeconds(30), true, 1000,
                Duration.ofSeconds(5), issuerTls.certificate());
        node = GatewayNode.start(config, link, feedSecret);
        toIssuer = TlsClients.http(TlsClients.read(issuerTls.certificate()));
        toGateway = TlsClients.http(TlsClients.read(gatewayTls.certificate()));
    }

    @AfterEach
    void stop() {
        node.close();
        orders.close();
        issuer.close();
    }

    @Test
    void theGatewayServesHttpsWithHstsAndFollowsAnHttpsIssuerItWasToldToTrust() throws Exception {
        assertThat(issuer.baseUri().getScheme()).isEqualTo("https");
        String token = token();

        HttpResponse<String> call = call(token);

        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
                v -> assertThat(v).startsWith("max-age="));
        assertThat(node.status().feedConnected()).isTrue();

        revoke(token);
        await().atMost(Duration.ofSeconds(5)).until(() -> call(token).statusCode() == 401);
    }

    @Test
    void plainHttpToTheTlsPortIsNotServed() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/orders/1"))
                .timeout(Duration.ofSeconds(5)).build();

        int status;
        try {
            status = plain.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException refused) {
            status = -1;
        }
        assertThat(status).isNotEqualTo(200);
    }

    private String token() throws Exception {
        HttpResponse<String> r = toIssuer.send(HttpRequest.newBuilder(issuer.uri("/oauth2/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body()).get("access_token").asText();
    }

    private void revoke(String token) throws Exception {
        HttpResponse<String> r = toIssuer.send(HttpRequest.newBuilder(issuer.uri("/oauth2/revoke"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> call(String token) throws Exception {
        return toGateway.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.port() + "/orders/1"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}

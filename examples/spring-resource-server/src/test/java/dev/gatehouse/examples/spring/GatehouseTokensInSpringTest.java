package dev.gatehouse.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.examples.bootdefaults.PropertiesOnlyOrdersApplication;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A real Gatehouse issuer and the example Spring Boot service on real sockets: the service accepts exactly the
 * Gatehouse tokens meant for it, configured as {@link GatehouseResourceServerConfig} shows.
 */
class GatehouseTokensInSpringTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;

    private static TestIssuer issuer;
    private static ConfigurableApplicationContext service;
    private static URI orders;

    private static String ordersReader;
    private static String ordersReaderRs256;
    private static String ordersWriter;
    private static String billingReader;
    private static String expired;

    @BeforeAll
    static void startIssuerAndService() throws Exception {
        // The issuer starts an hour in the past to mint one token that has long expired, then catches up.
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
        issuer = TestIssuer.start(dataDir, clock, UnaryOperator.identity());
        String readerSecret = issuer.register(client("orders-reader", "orders", "orders.read", null));
        String rsaSecret = issuer.register(client("orders-reader-rsa", "orders", "orders.read", JWSAlgorithm.RS256));
        String writerSecret = issuer.register(client("orders-writer", "orders", "orders.write", null));
        String billingSecret = issuer.register(client("billing-reader", "billing", "orders.read", null));

        expired = clientCredentials("orders-reader", readerSecret);
        clock.set(Instant.now());
        ordersReader = clientCredentials("orders-reader", readerSecret);
        ordersReaderRs256 = clientCredentials("orders-reader-rsa", rsaSecret);
        ordersWriter = clientCredentials("orders-writer", writerSecret);
        billingReader = clientCredentials("billing-reader", billingSecret);

        service = new SpringApplicationBuilder(OrdersApplication.class).main(OrdersApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.baseUri(),
                "--spring.security.oauth2.resourceserver.jwt.audiences=orders");
        orders = URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port") + "/orders");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void aGatehouseTokenForTheOrdersAudienceWithTheScopeIsAccepted() throws Exception {
        HttpResponse<String> response = getOrders("Bearer " + ordersReader);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"subject\":\"orders-reader\"");
    }

    @Test
    void aTokenSignedWithRs256IsAcceptedToo() throws Exception {
        HttpResponse<String> response = getOrders("Bearer " + ordersReaderRs256);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"subject\":\"orders-reader-rsa\"");
    }

    @Test
    void aTokenWhosePayloadWasChangedIsRejected() throws Exception {
        String[] parts = ordersReader.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"orders-reader\"", "\"orders-admin\"");
        assertThat(forged).isNotEqualTo(payload);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        HttpResponse<String> response = getOrders("Bearer " + tampered);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        HttpResponse<String> response = getOrders("Bearer " + expired);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\"").contains("expired"));
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() throws Exception {
        HttpResponse<String> response = getOrders("Bearer " + billingReader);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\"").contains("aud"));
    }

    @Test
    void aTokenWithoutTheScopeIsForbidden() throws Exception {
        HttpResponse<String> response = getOrders("Bearer " + ordersWriter);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
    }

    @Test
    void aRequestWithoutATokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(orders).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").doesNotContain("error="));
    }

    @Test
    void springsDefaultDecoderRejectsGatehouseTokensBecauseItExpectsRs256() {
        NimbusJwtDecoder defaults = NimbusJwtDecoder.withJwkSetUri(issuer.uri(Endpoints.JWKS).toString()).build();

        assertThatThrownBy(() -> defaults.decode(ordersReader))
                .isInstanceOf(BadJwtException.class)
                .hasMessageContaining("algorithm");
    }

    @Test
    void springsDefaultDecoderRejectsGatehouseTokensBecauseOfTheirTypeEvenWithTheRightAlgorithm() {
        NimbusJwtDecoder defaults = NimbusJwtDecoder.withJwkSetUri(issuer.uri(Endpoints.JWKS).toString())
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();

        assertThatThrownBy(() -> defaults.decode(ordersReader))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("typ");
    }

    @Test
    void aServiceConfiguredWithSpringBootPropertiesAloneRejectsGatehouseTokensBecauseOfTheirType() throws Exception {
        try (ConfigurableApplicationContext propertiesOnly = new SpringApplicationBuilder(PropertiesOnlyOrdersApplication.class)
                .run("--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.baseUri(),
                        "--spring.security.oauth2.resourceserver.jwt.audiences=orders",
                        "--spring.security.oauth2.resourceserver.jwt.jws-algorithms=ES256")) {
            URI uri = URI.create("http://127.0.0.1:" + propertiesOnly.getEnvironment().getProperty("local.server.port")
                    + "/orders");

            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + ordersReader).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).contains("error=\"invalid_token\"").contains("typ"));
        }
    }

    private static HttpResponse<String> getOrders(String authorization) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(orders).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A confidential client whose tokens carry exactly {@code audience} and {@code scope}. */
    private static OAuthClient client(String id, String audience, String scope, JWSAlgorithm algorithm) {
        OAuthClient c = TestClients.confidential(id).scope(scope).algorithm(algorithm).build();
        return new OAuthClient(c.clientId(), c.name(), c.secretHash(), c.authMethods(), c.jwks(), c.grantTypes(),
                c.scopes(), Set.of(audience), c.roles(), c.redirectUris(), c.firstParty(), c.introspection(),
                c.accessTokenTtl(), c.refreshIdleTtl(), c.refreshAbsoluteTtl(), c.signingAlgorithm(), c.createdAt());
    }

    /** The access token of a client_credentials grant with client_secret_basic. */
    private static String clientCredentials(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(issuer.uri(Endpoints.TOKEN))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSONObjectUtils.parse(response.body()).get("access_token").toString();
    }
}

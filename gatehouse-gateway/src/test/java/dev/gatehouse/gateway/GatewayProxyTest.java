package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.client.AccessPolicy;
import dev.gatehouse.client.Decision;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.StrippedHeaders;
import dev.gatehouse.client.VerifierUnavailableException;
import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.client.testing.RawHttp;
import dev.gatehouse.client.testing.TokenSpellings;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayProxyTest {
    static final String ORDERS = "https://orders.test";
    static final ObjectMapper JSON = new ObjectMapper();

    TestIssuer issuer;
    Issued issued;
    EchoUpstream orders;
    EchoUpstream web;
    EchoUpstream admin;
    EchoUpstream tenant;
    RequestLineUpstream raw;
    Gateway gateway;
    final AtomicReference<GatewayHealth> health = new AtomicReference<>(GatewayHealth.ready(Map.of("keys", "loaded")));
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String readerSecret;
    String adminSecret;
    URI down;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        issuer = TestIssuer.start(dir);
        readerSecret = issuer.register(TestClients.confidential("reader").scope("orders:read").audience(ORDERS).build());
        adminSecret = issuer.register(TestClients.confidential("clerk").scope("orders:read", "orders:write")
                .audience(ORDERS).role("clerk").build());
        issued = new Issued(issuer);
        orders = EchoUpstream.start("orders");
        web = EchoUpstream.start("web");
        admin = EchoUpstream.start("admin");
        tenant = EchoUpstream.start("tenant");
        raw = RequestLineUpstream.start();
        down = URI.create("http://127.0.0.1:" + freePort());
        List<Route> routes = List.of(
                Route.open(null, "/", web.uri()),
                Route.guarded(null, "/orders", orders.uri(), ORDERS).withScopes("orders:read"),
                Route.guarded(null, "/orders/admin", admin.uri(), ORDERS).withScopes("orders:write").withRoles("clerk")
                        .strippingPrefix(),
                Route.open("*.tenants.test", "/", tenant.uri()),
                Route.open("acme.tenants.test", "/", admin.uri()).preservingHost(),
                Route.open("gone.test", "/", down),
                Route.open("slow.test", "/", web.uri()),
                Route.open("raw.test", "/", raw.uri()),
                Route.open(null, "/files", web.uri()).strippingPrefix(),
                Route.open(null, "/café", tenant.uri()));
        gateway = Gateway.start(new GatewayConfig("127.0.0.1", 0, routes,
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMillis(500)),
                GatewayConfig.DEFAULT_MAX_REQUEST_HEADER_BYTES, "gatehouse", null, null)
                .withStrippedHeaders(StrippedHeaders.defaults().and(List.of("X-User-Id", "X-Roles", "X-Tenant-*"))),
                issued.gate, health::get);
    }

    @AfterAll
    void stop() throws IOException {
        gateway.close();
        for (EchoUpstream u : List.of(orders, web, admin, tenant)) {
            u.close();
        }
        raw.close();
        issuer.close();
    }

    @Test
    void publicRouteIsForwardedWithoutAToken() throws Exception {
        HttpResponse<String> response = get("/index.html");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(echo(response)).containsEntry("upstream", "web").containsEntry("path", "/index.html");
    }

    @Test
    void protectedRouteWithoutATokenIsRefusedWithAChallenge() throws Exception {
        HttpResponse<String> response = get("/orders/1");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatehouse\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(response)).doesNotContainKey("error").containsKey("error_description");
    }

    @Test
    void aSecondAuthorizationHeaderIsRefusedBeforeAnythingIsForwarded() throws Exception {
        String token = issued.token("reader", readerSecret, null);

        HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + token, "Authorization", "Bearer forged");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void protectedRouteWithAJunkTokenIsRefusedAsInvalid() throws Exception {
        HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer not-a-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("error=\"invalid_token\""));
    }

    @Test
    void otherSpellingsOfAValidTokenAreRefusedAsInvalid() throws Exception {
        String token = issued.token("reader", readerSecret, null);
        assertThat(issued.gate.check("Bearer " + token, AccessPolicy.audience(ORDERS))).isInstanceOf(Decision.Allowed.class);

        for (String spelling : TokenSpellings.of(token)) {
            HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + spelling);

            assertThat(response.statusCode()).as(spelling).isEqualTo(401);
            assertThat(json(response)).containsEntry("error", "invalid_token");
        }
    }

    @Test
    void protectedRouteWithARevokedTokenIsRefused() throws Exception {
        String token = issued.token("reader", readerSecret, null);
        assertThat(get("/orders/1", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);

        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        issued.denylist.apply(new RevocationEvent(1, RevocationKind.JTI, jti, Instant.now(),
                Instant.now().plus(Duration.ofHours(1))));
        HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_token");
    }

    @Test
    void protectedRouteWithAnExpiredTokenIsRefused() throws Exception {
        String token = issued.token("reader", readerSecret, null);
        issued.clock.advance(Duration.ofHours(2));
        try {
            HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + token);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response)).containsEntry("error", "invalid_token");
        } finally {
            issued.clock.advance(Duration.ofHours(-2));
        }
    }

    @Test
    void tokenWithoutTheRequiredScopeIsForbidden() throws Exception {
        String token = issued.token("reader", readerSecret, null);

        HttpResponse<String> response = get("/orders/admin/report", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response)).containsEntry("error", "insufficient_scope");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("scope=\"orders:write\""));
    }

    @Test
    void tokenWithTheScopeButWithoutTheRequiredRoleIsForbidden() throws Exception {
        String other = issuer.register(TestClients.confidential("writer").scope("orders:read", "orders:write")
                .audience(ORDERS).build());
        String token = issued.token("writer", other, null);

        HttpResponse<String> response = get("/orders/admin/report", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response)).containsEntry("error", "insufficient_scope");
    }

    @Test
    void allowedRequestReachesTheUpstreamWithTheVerifiedIdentityAndItsAuthorization() throws Exception {
        String token = issued.token("reader", readerSecret, null);

        HttpResponse<String> response = get("/orders/7?expand=lines", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> echo = echo(response);
        assertThat(echo).containsEntry("upstream", "orders").containsEntry("path", "/orders/7")
                .containsEntry("query", "expand=lines");
        Map<String, List<String>> headers = headers(echo);
        assertThat(headers).containsEntry("x-gatehouse-subject", List.of("reader"))
                .containsEntry("x-gatehouse-client-id", List.of("reader"))
                .containsEntry("x-gatehouse-scope", List.of("orders:read"))
                .containsEntry("authorization", List.of("Bearer " + token))
                .containsKey("x-gatehouse-token-id").containsKey("x-gatehouse-expires");
    }

    @Test
    void spoofedIdentityHeadersAreRemovedOnProtectedRoutes() throws Exception {
        String token = issued.token("reader", readerSecret, null);

        HttpResponse<String> response = get("/orders/7", "Authorization", "Bearer " + token,
                "X-Gatehouse-Subject", "admin", "x-gatehouse-roles", "admin", "X-GATEHOUSE-Anything", "1");

        Map<String, List<String>> headers = headers(echo(response));
        assertThat(headers).containsEntry("x-gatehouse-subject", List.of("reader"))
                .doesNotContainKeys("x-gatehouse-roles", "x-gatehouse-anything");
    }

    @Test
    void spoofedIdentityHeadersAreRemovedOnPublicRoutes() throws Exception {
        HttpResponse<String> response = get("/", "X-Gatehouse-Subject", "admin", "X-Gatehouse-Roles", "admin");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(headers(echo(response)).keySet()).noneMatch(name -> name.startsWith("x-gatehouse-"));
    }

    @Test
    void identityHeadersSpelledWithUnderscoresAreRemovedOnProtectedRoutes() throws Exception {
        String token = issued.token("reader", readerSecret, null);

        HttpResponse<String> response = get("/orders/7", "Authorization", "Bearer " + token,
                "X-Gatehouse_Subject", "admin", "X_Gatehouse_Roles", "admin", "x_GATEHOUSE-Session", "s1");

        Map<String, List<String>> headers = headers(echo(response));
        assertThat(headers).containsEntry("x-gatehouse-subject", List.of("reader"));
        assertThat(headers.keySet()).noneMatch(name -> name.replace('_', '-').startsWith("x-gatehouse-")
                && !name.startsWith("x-gatehouse-"));
        assertThat(headers).doesNotContainKeys("x-gatehouse-roles", "x-gatehouse-session");
    }

    @Test
    void identityHeadersSpelledWithUnderscoresAreRemovedOnPublicRoutes() throws Exception {
        HttpResponse<String> response = get("/", "X-Gatehouse_Subject", "admin", "X_Gatehouse_Roles", "admin");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(headers(echo(response)).keySet()).noneMatch(name -> name.replace('_', '-').startsWith("x-gatehouse-"));
    }

    @Test
    void otherGatewaysIdentityHeadersAreRemovedOnPublicRoutes() throws Exception {
        HttpResponse<String> response = get("/", OTHER_GATEWAYS_HEADERS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertOnlyHarmlessHeadersArrived(headers(echo(response)));
    }

    @Test
    void otherGatewaysIdentityHeadersAreRemovedOnProtectedRoutes() throws Exception {
        String token = issued.token("reader", readerSecret, null);
        String[] headers = Arrays.copyOf(OTHER_GATEWAYS_HEADERS, OTHER_GATEWAYS_HEADERS.length + 2);
        headers[headers.length - 2] = "Authorization";
        headers[headers.length - 1] = "Bearer " + token;

        HttpResponse<String> response = get("/orders/7", headers);

        assertThat(response.statusCode()).isEqualTo(200);
        assertOnlyHarmlessHeadersArrived(headers(echo(response)));
        assertThat(headers(echo(response))).containsEntry("x-gatehouse-subject", List.of("reader"));
    }

    @Test
    void configuredHeadersAndPrefixesAreRemovedInEitherSpelling() throws Exception {
        HttpResponse<String> response = get("/", "X-User-Id", "42", "x_roles", "admin", "X-Tenant-Name", "acme",
                "X_Tenant_Plan", "gold", "X-User-Ids", "kept", "X-Tenant", "kept");

        Map<String, List<String>> headers = headers(echo(response));
        assertThat(headers.keySet()).noneMatch(name -> name.replace('_', '-').equals("x-user-id")
                || name.replace('_', '-').equals("x-roles") || name.replace('_', '-').startsWith("x-tenant-"));
        assertThat(headers).containsEntry("x-user-ids", List.of("kept")).containsEntry("x-tenant", List.of("kept"));
    }

    static final String[] OTHER_GATEWAYS_HEADERS = {
            "X-Forwarded-User", "admin", "X-Forwarded-Email", "admin@example.com", "X-Forwarded-Groups", "admins",
            "X-Forwarded-Preferred-Username", "admin", "X-Forwarded-Access-Token", "t", "Remote-User", "admin",
            "Remote-Groups", "admins", "Remote-Email", "admin@example.com", "Remote-Name", "Admin", "X-Remote-User", "admin",
            "X-Auth-Request-User", "admin", "X-Auth-Request-Email", "admin@example.com", "x-auth-request-groups", "admins",
            "X_Forwarded_User", "admin", "remote_user", "admin", "X_Auth_Request_User", "admin",
            "X-Request-Id", "kept"};

    private static void assertOnlyHarmlessHeadersArrived(Map<String, List<String>> headers) {
        assertThat(headers.keySet()).noneMatch(name -> StrippedHeaders.OTHER_GATEWAYS.stream().anyMatch(other -> {
            String n = name.replace('_', '-');
            String o = other.toLowerCase(java.util.Locale.ROOT);
            return o.endsWith("*") ? n.startsWith(o.substring(0, o.length() - 1)) : n.equals(o);
        }));
        assertThat(headers).containsEntry("x-request-id", List.of("kept"));
    }

    @Test
    void forwardingHeadersDescribeThisHopOnlyAndHostIsTheUpstreams() throws Exception {
        HttpResponse<String> response = get("/", "X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6");

        Map<String, List<String>> headers = headers(echo(response));
        assertThat(headers.get("x-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(headers.get("x-forwarded-proto")).containsExactly("http");
        assertThat(headers.get("x-forwarded-host")).containsExactly("127.0.0.1:" + gateway.port());
        assertThat(headers.get("forwarded")).singleElement().satisfies(v -> assertThat(v)
                .doesNotContain("6.6.6.6").contains("for=\"127.0.0.1\"").contains("proto=http"));
        assertThat(headers.get("host")).containsExactly(web.uri().getAuthority());
    }

    @Test
    void longestPathPrefixWinsAndStripPrefixRemovesIt() throws Exception {
        String token = issued.token("clerk", adminSecret, null);

        Map<String, Object> echo = echo(get("/orders/admin/report", "Authorization", "Bearer " + token));

        assertThat(echo).containsEntry("upstream", "admin").containsEntry("path", "/report");
        assertThat(echo(get("/orders/admin", "Authorization", "Bearer " + token))).containsEntry("path", "/");
    }

    @Test
    void prefixesMatchOnSegmentBoundariesOnly() throws Exception {
        assertThat(echo(get("/ordersx"))).containsEntry("upstream", "web");
    }

    @Test
    void dotSegmentsCannotEscapeThePublicRoute() throws Exception {
        HttpResponse<String> response = get("/public/../orders/1");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void encodedDotSegmentsAndSlashesCannotEscapeThePublicRoute() throws Exception {
        for (String path : List.of("/public/%2e%2e/orders/1", "/public/..%2Forders/1", "/public/%2E%2E%2Forders/1")) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(400, 401);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x?q=a|b", "/x?q={x}", "/x?a=b^c", "/x?a=\"b\"", "/x?a=%41&b=c%2Fd", "/x?q=%7c|<>`"})
    void aQueryIsForwardedExactlyAsReceived(String target) throws Exception {
        try (RawHttp connection = RawHttp.connect(uri("/"))) {
            connection.send("GET " + target + " HTTP/1.1\r\nHost: raw.test\r\nConnection: close\r\n\r\n");

            String response = connection.response();

            assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nGET " + target + " HTTP/1.1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x?q=100%", "/x?q=%zz", "/x?q=%4"})
    void aQueryWithAPercentThatStartsNoEscapeIsRefusedAsABadRequest(String target) throws Exception {
        try (RawHttp connection = RawHttp.connect(uri("/"))) {
            connection.send("GET " + target + " HTTP/1.1\r\nHost: raw.test\r\nConnection: close\r\n\r\n");

            assertThat(connection.response()).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                    .doesNotContain("GET /x");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%20b", "a%3Bb", "a%7Cb", "a%5Eb", "caf%C3%A9"})
    void anEncodedPathReachesTheUpstreamEncodedOnce(String name) throws Exception {
        assertThat(echo(get("/files/" + name))).containsEntry("upstream", "web").containsEntry("path", "/" + name);
        assertThat(echo(get("/docs/" + name))).containsEntry("upstream", "web").containsEntry("path", "/docs/" + name);
    }

    @Test
    void aRoutePathWithNonAsciiCharactersMatchesTheirPercentEncodedForm() throws Exception {
        assertThat(echo(get("/caf%C3%A9/menu"))).containsEntry("upstream", "tenant").containsEntry("path", "/caf%C3%A9/menu");
    }

    @Test
    void exactHostBeatsWildcardHostBeatsAnyHost() throws Exception {
        assertThat(echo(getWithHost("beta.tenants.test", "/x"))).containsEntry("upstream", "tenant");
        Map<String, Object> exact = echo(getWithHost("acme.tenants.test", "/x"));
        assertThat(exact).containsEntry("upstream", "admin");
        assertThat(headers(exact).get("host")).containsExactly("acme.tenants.test");
        assertThat(echo(getWithHost("tenants.test", "/x"))).containsEntry("upstream", "web");
    }

    @Test
    void requestWithoutARouteGetsProblemDetails() throws Exception {
        try (Gateway narrow = Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(Route.open(null, "/only", web.uri()))),
                issued.gate, health::get)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + narrow.port() + "/elsewhere")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(response)).containsEntry("status", 404).containsEntry("title", "Not Found");
        }
    }

    @Test
    void verifierThatCannotVouchForTokensGivesServiceUnavailableAndTheRequestIsNotForwarded() throws Exception {
        // A verifier that has lost its revocation feed for too long: the state the Gate must fail closed on
        Gate cutOff = new Gate(token -> {
            throw new VerifierUnavailableException("revocation feed lost");
        });
        try (Gateway g = Gateway.start(GatewayConfig.of("127.0.0.1", 0,
                List.of(Route.guarded(null, "/orders", orders.uri(), ORDERS))), cutOff, health::get)) {
            String token = issued.token("reader", readerSecret, null);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + g.port() + "/orders/1"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(json(response)).containsEntry("error", "temporarily_unavailable").doesNotContainKey("upstream");
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
                    + "/__gatehouse/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern(
                    "gatehouse_gateway_requests_total\\{outcome=\"unavailable\",route=\"/orders\"} 1");
        }
    }

    @Test
    void upstreamThatRefusesConnectionsGivesBadGateway() throws Exception {
        HttpResponse<String> response = getWithHost("gone.test", "/x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response)).containsEntry("status", 502);
    }

    @Test
    void upstreamThatAnswersTooLateGivesGatewayTimeout() throws Exception {
        HttpResponse<String> response = getWithHost("slow.test", "/slow");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response)).containsEntry("status", 504);
    }

    @Test
    void largeUploadIsStreamedToTheUpstream() throws Exception {
        long size = 50L * 1024 * 1024;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(size))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(((Number) echo(response).get("body_bytes")).longValue()).isEqualTo(size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/1", "/__gatehouse/no-such-endpoint"})
    void aRefusalWaitsForTheBodyAndKeepsTheConnection(String path) throws Exception {
        try (RawHttp connection = RawHttp.connect(uri("/"))) {
            connection.postInTwoParts(path, "Content-Type: text/plain\r\n", "x".repeat(GatewayHandler.DRAINED_BODY_LIMIT));

            assertThat(connection.response()).matches("(?s)HTTP/1.1 40[14] .*").doesNotContainIgnoringCase("Connection: close");

            connection.get("/__gatehouse/health/live");
            assertThat(connection.response()).as("the next request on the same connection").startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aRefusalDoesNotWaitForABodyOverTheDrainLimit() throws Exception {
        try (RawHttp connection = RawHttp.connect(uri("/"))) {
            connection.send("POST /orders/1 HTTP/1.1\r\nHost: x\r\nContent-Length: " + (GatewayHandler.DRAINED_BODY_LIMIT + 1)
                    + "\r\n\r\npartial");

            assertThat(connection.response()).startsWith("HTTP/1.1 401 ").containsIgnoringCase("Connection: close");
        }
    }

    @Test
    void connectIsRefusedAsAMethodTheGatewayDoesNotForward() throws Exception {
        try (RawHttp connection = RawHttp.connect(uri("/"))) {
            connection.send("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");

            assertThat(connection.response()).startsWith("HTTP/1.1 405 ").contains("application/problem+json")
                    .doesNotContain("\"upstream\"");
        }
    }

    @Test
    void aRequestTargetThatIsNoPathIsRefusedNotForwarded() throws Exception {
        try (RawHttp connection = RawHttp.connect(uri("/"))) {
            connection.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(connection.response()).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                    .doesNotContain("\"upstream\"");
        }
    }

    @Test
    void livenessIsAnsweredByTheGatewayItself() throws Exception {
        HttpResponse<String> response = get("/__gatehouse/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("status", "UP").doesNotContainKey("upstream");
    }

    @Test
    void readinessFollowsTheHealthSource() throws Exception {
        HttpResponse<String> ready = get("/__gatehouse/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready)).containsEntry("status", "UP").containsEntry("detail", Map.of("keys", "loaded"));

        GatewayHealth before = health.getAndSet(GatewayHealth.notReady(Map.of("revocations", "feed lost")));
        try {
            HttpResponse<String> notReady = get("/__gatehouse/health/ready");

            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(json(notReady)).containsEntry("status", "DOWN")
                    .containsEntry("detail", Map.of("revocations", "feed lost"));
        } finally {
            health.set(before);
        }
    }

    @Test
    void unknownGatewayEndpointIsNotForwarded() throws Exception {
        HttpResponse<String> response = get("/__gatehouse/anything");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response)).doesNotContainKey("upstream");
    }

    @Test
    void metricsCountRequestsByRouteAndOutcome() throws Exception {
        get("/orders/1");
        get("/index.html");
        String token = issued.token("reader", readerSecret, null);
        get("/orders/1", "Authorization", "Bearer " + token);
        get("/orders/1", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);

        String metrics = get("/__gatehouse/metrics").body();

        assertThat(metrics).containsPattern("gatehouse_gateway_requests_total\\{outcome=\"denied_401\",route=\"/orders\"} [1-9]")
                .containsPattern("gatehouse_gateway_requests_total\\{outcome=\"allowed\",route=\"/orders\"} [1-9]")
                .containsPattern("gatehouse_gateway_requests_total\\{outcome=\"allowed\",route=\"/\"} [1-9]")
                .containsPattern("gatehouse_gateway_requests_total\\{outcome=\"bad_request\",route=\"/orders\"} [1-9]")
                .containsPattern("gatehouse_gateway_upstream_seconds_count\\{route=\"/orders\"} [1-9]");
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Needs jdk.httpclient.allowRestrictedHeaders=host (set for the tests in the pom). */
    HttpResponse<String> getWithHost(String host, String path) throws IOException, InterruptedException {
        return get(path, "Host", host);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) throws IOException {
        return JSON.readValue(response.body(), Map.class);
    }

    static Map<String, Object> echo(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<String>> headers(Map<String, Object> echo) {
        return (Map<String, List<String>>) echo.get("headers");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code size} zero bytes, produced as they are read. */
    static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}

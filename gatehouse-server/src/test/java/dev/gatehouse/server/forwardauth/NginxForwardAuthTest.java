package dev.gatehouse.server.forwardauth;

import static dev.gatehouse.server.forwardauth.GatewayHttp.bearer;
import static dev.gatehouse.server.forwardauth.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.client.IdentityHeaders;
import dev.gatehouse.client.StrippedHeaders;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/nginx/nginx.conf, run by a real nginx in front of a sample service: the example file with its
 * placeholders filled in is what runs, so the example stays the tested truth.
 */
class NginxForwardAuthTest {
    static final String ORDERS = "https://orders.test";
    static final Path EXAMPLE = Path.of("..", "examples", "nginx", "nginx.conf");

    @TempDir
    static Path dir;

    static Path binary;
    static TestIssuer issuer;
    static HttpServer upstream;
    static final AtomicInteger upstreamCalls = new AtomicInteger();
    static Nginx nginx;
    static GatewayHttp viaNginx;
    static GatewayHttp direct;
    static String appSecret;
    static String otherSecret;

    @BeforeAll
    static void start() throws IOException {
        binary = Nginx.binary();
        issuer = TestIssuer.start(dir.resolve("issuer"));
        direct = new GatewayHttp(issuer.baseUri());
        appSecret = issuer.register(TestClients.confidential("app").audience(ORDERS).scope("orders:read").build());
        otherSecret = issuer.register(TestClients.confidential("other").audience(ORDERS).scope("orders:list").build());
        upstream = echoService();
        int port = freePort();
        nginx = Nginx.start(binary, dir.resolve("nginx"), config(port), port);
        viaNginx = new GatewayHttp(URI.create("http://127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    /** The example with its placeholders filled in; the location also demands the scope orders:read. */
    static String config(int port) throws IOException {
        String example = Files.readString(EXAMPLE);
        String config = example
                .replace("@LISTEN@", "127.0.0.1:" + port)
                .replace("@GATEHOUSE@", issuer.baseUri().toString())
                .replace("@UPSTREAM@", "http://127.0.0.1:" + upstream.getAddress().getPort())
                // the documented way to demand more: further query parameters after the audience
                .replace("@AUDIENCE@", GatewayHttp.encode(ORDERS) + "&scope=orders:read")
                // temporary files in the test's directory, not in /var/lib/nginx
                .replace("http {\n", "http {\n    client_body_temp_path temp/body;\n    proxy_temp_path temp/proxy;\n"
                        + "    fastcgi_temp_path temp/fastcgi;\n    uwsgi_temp_path temp/uwsgi;\n    scgi_temp_path temp/scgi;\n");
        assertThat(config).as("every placeholder filled in").doesNotContain("@").contains("temp/proxy");
        return config;
    }

    /** A sample service that answers with the identity headers it received (X-Gatehouse-* and other gateways'), as JSON. */
    static HttpServer echoService() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ObjectMapper json = new ObjectMapper();
        server.createContext("/", exchange -> {
            upstreamCalls.incrementAndGet();
            Map<String, List<String>> seen = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (StrippedHeaders.defaults().matches(name)) {
                    seen.put(name.toLowerCase(Locale.ROOT), values);
                }
            });
            byte[] body = json.writeValueAsString(Map.of("path", exchange.getRequestURI().toString(), "headers", seen))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** The values the upstream received for an identity header, lower-case name. */
    static List<String> seen(HttpResponse<String> response, String header) {
        List<String> values = new ArrayList<>();
        json(response).path("headers").path(header.toLowerCase(Locale.ROOT)).forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void aRequestWithoutTokenIsRefusedWith401AndAChallengeAndNeverReachesTheService() {
        int before = upstreamCalls.get();

        HttpResponse<String> response = viaNginx.get("/orders/42");

        assertThat(response.statusCode()).as(nginx.log()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatehouse\"");
        assertThat(upstreamCalls.get()).isEqualTo(before);
    }

    @Test
    void aValidTokenReachesTheServiceWithTheIdentityHeaders() throws Exception {
        String token = direct.clientCredentials("app", appSecret);
        var verified = issuer.services().verifier().verify(token);

        HttpResponse<String> response = viaNginx.get("/orders/42?expand=items", "Authorization", bearer(token));

        assertThat(response.statusCode()).as(nginx.log()).isEqualTo(200);
        assertThat(json(response).path("path").asText()).isEqualTo("/orders/42?expand=items");
        IdentityHeaders.of(verified).forEach((name, value) -> assertThat(seen(response, name)).as(name).containsExactly(value));
        assertThat(seen(response, IdentityHeaders.SUBJECT)).containsExactly("app");
    }

    @Test
    void identityHeadersSentByTheClientNeverReachTheService() throws Exception {
        String token = direct.clientCredentials("app", appSecret);
        List<String> spoofed = new ArrayList<>(List.of("Authorization", bearer(token)));
        for (String name : IdentityHeaders.NAMES) {
            spoofed.add(name);
            spoofed.add("spoofed");
        }

        HttpResponse<String> response = viaNginx.get("/orders/42", spoofed.toArray(String[]::new));

        assertThat(response.statusCode()).as(nginx.log()).isEqualTo(200);
        assertThat(seen(response, IdentityHeaders.SUBJECT)).containsExactly("app");
        assertThat(response.body()).doesNotContain("spoofed");
        assertThat(seen(response, IdentityHeaders.ROLES)).as("a claim the token lacks gives no header").isEmpty();
    }

    @Test
    void otherGatewaysIdentityHeadersSentByTheClientNeverReachTheService() {
        String token = direct.clientCredentials("app", appSecret);
        List<String> spoofed = new ArrayList<>(List.of("Authorization", bearer(token)));
        for (String name : OTHER_GATEWAYS_HEADERS) {
            spoofed.add(name);
            spoofed.add("spoofed");
        }

        HttpResponse<String> response = viaNginx.get("/orders/42", spoofed.toArray(String[]::new));

        assertThat(response.statusCode()).as(nginx.log()).isEqualTo(200);
        assertThat(seen(response, IdentityHeaders.SUBJECT)).containsExactly("app");
        assertThat(response.body()).doesNotContain("spoofed");
    }

    /** {@link StrippedHeaders#OTHER_GATEWAYS} by name, with the X-Auth-Request-* names oauth2-proxy sends. */
    static final List<String> OTHER_GATEWAYS_HEADERS = List.of("X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Groups",
            "X-Forwarded-Preferred-Username", "X-Forwarded-Access-Token", "X-Auth-Request-User", "X-Auth-Request-Email",
            "X-Auth-Request-Groups", "X-Auth-Request-Preferred-Username", "X-Auth-Request-Access-Token", "Remote-User",
            "Remote-Groups", "Remote-Email", "Remote-Name", "X-Remote-User");

    @Test
    void aRevokedTokenIsRefusedWith401() {
        String token = direct.clientCredentials("app", appSecret);
        assertThat(viaNginx.get("/orders/42", "Authorization", bearer(token)).statusCode()).isEqualTo(200);

        assertThat(direct.revoke("app", appSecret, token).statusCode()).isEqualTo(200);
        HttpResponse<String> response = viaNginx.get("/orders/42", "Authorization", bearer(token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                c -> assertThat(c).contains("error=\"invalid_token\""));
    }

    @Test
    void aTokenWithoutTheRequiredScopeIsRefusedWith403AndAChallenge() {
        String token = direct.clientCredentials("other", otherSecret);
        int before = upstreamCalls.get();

        HttpResponse<String> response = viaNginx.get("/orders/42", "Authorization", bearer(token));

        assertThat(response.statusCode()).as(nginx.log()).isEqualTo(403);
        assertThat(response.headers().allValues("WWW-Authenticate")).singleElement().satisfies(
                c -> assertThat(c).contains("error=\"insufficient_scope\"").contains("scope=\"orders:read\""));
        assertThat(upstreamCalls.get()).isEqualTo(before);
    }

    @Test
    void theExampleSetsEveryIdentityHeader() throws Exception {
        String example = Files.readString(EXAMPLE);

        assertThat(IdentityHeaders.NAMES).isNotEmpty().allSatisfy(name -> assertThat(example)
                .contains("proxy_set_header " + name + " ")
                .contains("$upstream_http_" + name.toLowerCase(Locale.ROOT).replace('-', '_')));
    }

    @Test
    void theExampleClearsEveryOtherGatewaysIdentityHeader() throws Exception {
        String example = Files.readString(EXAMPLE);

        assertThat(OTHER_GATEWAYS_HEADERS).containsAll(StrippedHeaders.OTHER_GATEWAYS.stream()
                .filter(name -> !name.endsWith("*")).toList());
        assertThat(OTHER_GATEWAYS_HEADERS).allSatisfy(name -> assertThat(example).containsPattern(
                "proxy_set_header " + name + " +\"\";"));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.client.StrippedHeaders;
import dev.gatehouse.client.VerifierDefaults;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayYamlTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryDocumentedKey() throws IOException {
        GatewayConfig config = GatewayYaml.read(file("""
                issuer: https://login.example.com
                gateway:
                  listen: {host: 127.0.0.1, port: 9443, plain_http: true}
                  realm: shop
                  max_request_header_bytes: 32768
                  timeouts: {connect: 200ms, idle: 1m, response: 1m30s}
                  routes:
                    - host: api.example.com
                      path: /orders
                      upstream: http://orders:8080/v1
                      audience: https://api.example.com
                      scopes: [orders:read, orders:write]
                      roles: [clerk]
                      strip_prefix: true
                      preserve_host: true
                    - path: /
                      upstream: https://web.internal
                      public: true
                """));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9443);
        assertThat(config.realm()).isEqualTo("shop");
        assertThat(config.maxRequestHeaderBytes()).isEqualTo(32768);
        assertThat(config.timeouts()).isEqualTo(new Timeouts(Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofSeconds(90)));
        assertThat(config.routes()).containsExactly(
                new Route("api.example.com", "/orders", URI.create("http://orders:8080/v1"), false, "https://api.example.com",
                        Set.of("orders:read", "orders:write"), Set.of("clerk"), true, true),
                Route.open(null, "/", URI.create("https://web.internal")));
    }

    @Test
    void leavesOutKeysAtTheirDefaults() throws IOException {
        GatewayConfig config = GatewayYaml.read(file("""
                gateway:
                  listen: {plain_http: true}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(GatewayConfig.DEFAULT_PORT);
        assertThat(config.timeouts()).isEqualTo(Timeouts.defaults());
        assertThat(config.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.timeouts().idle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.timeouts().response()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.realm()).isEqualTo("gatehouse");
        assertThat(config.maxRequestHeaderBytes()).isEqualTo(16384);
        assertThat(config.requests()).isEqualTo(RequestLimits.DEFAULTS);
        assertThat(config.management()).isNull();
    }

    @Test
    void readsTheRequestLimitsAndTheManagementListener() throws IOException {
        GatewayConfig config = GatewayYaml.read(file("""
                gateway:
                  listen: {plain_http: true}
                  max_request_headers: 50
                  min_request_body_rate: 1024
                  timeouts: {request_headers: 5s, request_body_grace: 2s}
                  management: {port: 9090}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """));

        assertThat(config.requests()).isEqualTo(new RequestLimits(Duration.ofSeconds(5), 1024, Duration.ofSeconds(2), 50));
        assertThat(config.management()).isEqualTo(new ManagementListener("127.0.0.1", 9090));
    }

    @Test
    void aHeaderCountOutOfRangeIsNamed() throws IOException {
        assertThatThrownBy(() -> GatewayYaml.read(file("""
                gateway:
                  listen: {plain_http: true}
                  max_request_headers: 5
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """))).isInstanceOf(GatewayConfigException.class).hasMessageContaining("gateway.max_request_headers")
                .hasMessageContaining("10..10000");
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        Path f = file("""
                gateway:
                  routes: [{path: /, upstream: "http://web:8080", public: true, stripprefix: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f)).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("gateway.routes[0]: unknown key \"stripprefix\"");
    }

    @Test
    void badDurationIsNamedWithItsValue() throws IOException {
        Path f = file("""
                gateway:
                  timeouts: {response: soon}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f)).hasMessageContaining("gateway.timeouts.response")
                .hasMessageContaining("\"soon\"");
    }

    @Test
    void routeErrorNamesTheRoute() throws IOException {
        Path f = file("""
                gateway:
                  routes:
                    - {path: /, upstream: "http://web:8080", public: true}
                    - {path: /orders, upstream: "http://orders:8080"}
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f))
                .hasMessageContaining("gateway.routes[1]: route /orders: audience: required unless the route is public");
    }

    @Test
    void aRoutePathThatNoRequestPathCanMatchIsRefused() throws IOException {
        for (String path : new String[] {"/a b", "/a;v=1", "/caf%C3%A9", "/a|b"}) {
            Path f = file("gateway:\n  listen: {plain_http: true}\n  routes:\n"
                    + "    - {path: '" + path + "', upstream: 'http://web:8080', public: true}\n");

            assertThatThrownBy(() -> GatewayYaml.read(f)).as(path).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining("gateway.routes[0]: route " + path + ": path:");
        }
    }

    @Test
    void stripHeadersAddsNamesAndPrefixesToTheDefaults() throws IOException {
        GatewayConfig config = GatewayYaml.read(file("""
                gateway:
                  listen: {plain_http: true}
                  strip_headers: [X-User-Id, X-Roles, X-Tenant-*]
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """));

        assertThat(config.strippedHeaders()).isEqualTo(StrippedHeaders.defaults().and(List.of("X-User-Id", "X-Roles", "X-Tenant-*")));
        assertThat(config.strippedHeaders().matches("X_Tenant_Plan")).isTrue();
        assertThat(config.strippedHeaders().matches("Remote-User")).isTrue();
    }

    @Test
    void withoutStripHeadersTheDefaultsAreStripped() throws IOException {
        GatewayConfig config = GatewayYaml.read(file("""
                gateway:
                  listen: {plain_http: true}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """));

        assertThat(config.strippedHeaders()).isEqualTo(StrippedHeaders.defaults());
    }

    @Test
    void aStripHeadersEntryThatIsNoHeaderNameIsRefusedAtStart() throws IOException {
        for (String entry : new String[] {"'X User'", "'*'", "'X-Roles:'", "Content-Length", "'Sec-WebSocket-*'"}) {
            Path f = file("gateway:\n  listen: {plain_http: true}\n  strip_headers: [" + entry + "]\n"
                    + "  routes: [{path: /, upstream: 'http://web:8080', public: true}]\n");

            assertThatThrownBy(() -> GatewayYaml.read(f)).as(entry).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining("gateway.strip_headers: ");
        }
    }

    @Test
    void upstreamCaMustBeAReadableFile() throws IOException {
        Path f = file("""
                gateway:
                  listen: {plain_http: true}
                  upstream_ca: /nonexistent/ca.pem
                  routes: [{path: /, upstream: "https://web:8443", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f))
                .hasMessageContaining("gateway.upstream_ca: a readable PEM file, got \"/nonexistent/ca.pem\"");
    }

    @Test
    void plainHttpToAnyoneMustBeAskedForBecauseTokensTravelOnlyOverTls() throws IOException {
        Path f = file("""
                gateway:
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f)).hasMessageContaining("gateway.listen: tokens travel only over TLS");
    }

    @Test
    void trustedProxiesAloneMeanPlainHttpFromThoseProxiesOnly() throws IOException {
        GatewayConfig config = GatewayYaml.read(file("""
                gateway:
                  trusted_proxies: [10.0.0.0/8]
                  hsts_max_age: 1d
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """));

        assertThat(config.transport().https()).isFalse();
        assertThat(config.transport().plainFromAnyone()).isFalse();
        assertThat(config.transport().hsts().maxAge()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void tlsNeedsBothFilesAndContradictsPlainHttp() throws IOException {
        Path half = file("""
                gateway:
                  listen: {tls: {certificate: /etc/cert.pem}}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);
        assertThatThrownBy(() -> GatewayYaml.read(half)).hasMessageContaining("certificate and private_key go together");

        Path both = file("""
                gateway:
                  listen: {plain_http: true, tls: {certificate: /etc/cert.pem, private_key: /etc/key.pem}}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);
        assertThatThrownBy(() -> GatewayYaml.read(both)).hasMessageContaining("gateway.listen.plain_http");
    }

    @Test
    void aNegativeHstsMaxAgeIsAConfigErrorNamingTheKey() throws IOException {
        Path f = file("""
                gateway:
                  trusted_proxies: [10.0.0.0/8]
                  hsts_max_age: PT-5S
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f)).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("gateway.hsts_max_age");
    }

    @Test
    void hstsMaxAgeWithPlainHttpIsRefusedBecauseItHasNoEffect() throws IOException {
        Path f = file("""
                gateway:
                  listen: {plain_http: true}
                  hsts_max_age: 1d
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f)).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("gateway.hsts_max_age: has no effect with listen.plain_http");
    }

    @Test
    void aFilePathThatIsNoPathIsAConfigErrorNamingTheKey() throws IOException {
        String routes = "  routes: [{path: /, upstream: 'http://web:8080', public: true}]\n";
        Map<String, String> cases = Map.of(
                "  listen: {plain_http: true}\n  upstream_ca: \"a\\0b\"\n", "gateway.upstream_ca",
                "  listen: {tls: {certificate: \"c\\0d\", private_key: /k.pem}}\n", "gateway.listen.tls.certificate",
                "  listen: {tls: {certificate: /c.pem, private_key: \"k\\0l\"}}\n", "gateway.listen.tls.private_key");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = file("gateway:\n" + c.getKey() + routes);

            assertThatThrownBy(() -> GatewayYaml.read(f)).as(c.getValue()).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining(c.getValue() + ":");
        }
        Path issuerCa = file("gateway:\n  issuer: {url: 'https://login.example.com', client_id: gw, ca: \"a\\0b\"}\n" + routes);
        assertThatThrownBy(() -> GatewayYaml.readIssuer(issuerCa)).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("gateway.issuer.ca:");
    }

    @Test
    void issuerUrlMustBeAnAbsoluteHttpUrlWithAHostAndNoQueryOrFragment() throws IOException {
        for (String url : new String[] {"https:///x", "https:foo", "https://i.example/?a=b", "https://i.example/#f",
                "ftp://i.example", "/relative"}) {
            Path f = file("gateway:\n  issuer: {url: '" + url + "', client_id: gw}\n"
                    + "  routes: [{path: /, upstream: 'http://web:8080', public: true}]\n");

            assertThatThrownBy(() -> GatewayYaml.readIssuer(f)).as(url).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining("gateway.issuer.url:");
        }
    }

    @Test
    void aRealmWithControlCharactersIsRefused() throws IOException {
        Path f = file("""
                gateway:
                  listen: {plain_http: true}
                  realm: "shop\\r\\nX-Evil: 1"
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f)).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("gateway.realm");
    }

    @Test
    void theExampleFileReadsAsDocumented() {
        Path example = Path.of("..", "examples", "gateway.yaml");

        GatewayConfig config = GatewayYaml.read(example);
        IssuerLink issuer = GatewayYaml.readIssuer(example);

        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.routes()).extracting(Route::pathPrefix).containsExactly("/orders", "/admin", "/status");
        assertThat(config.strippedHeaders()).isEqualTo(StrippedHeaders.defaults().and(List.of("X-User-Id", "X-Roles")));
        assertThat(issuer.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(issuer.clientId()).isEqualTo("gateway");
        assertThat(issuer.maxFeedStaleness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(issuer.failClosed()).isTrue();
    }

    @Test
    void issuerSectionNeedsAUrlAndAFeedClient() throws IOException {
        Path noUrl = file("""
                gateway:
                  issuer: {client_id: gateway}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);
        assertThatThrownBy(() -> GatewayYaml.readIssuer(noUrl)).hasMessageContaining("gateway.issuer.url: is required");

        Path noClient = file("""
                gateway:
                  issuer: {url: "https://login.example.com", max_feed_staleness: 10s, fail_closed: false}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);
        assertThatThrownBy(() -> GatewayYaml.readIssuer(noClient)).hasMessageContaining("gateway.issuer.client_id");
    }

    @Test
    void environmentVariablesOverrideSingleKeysOfTheFile() throws IOException {
        Path f = file("""
                gateway:
                  listen: {host: 127.0.0.1, port: 8000, plain_http: true}
                  issuer: {url: "https://login.example.com", client_id: gateway}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        GatewayYaml.Settings settings = GatewayYaml.read(f, Map.of(
                "GATEHOUSE_GATEWAY_PORT", "9443",
                "GATEHOUSE_GATEWAY_HOST", "0.0.0.0",
                "GATEHOUSE_GATEWAY_ISSUER_URL", "https://id.example.org",
                "GATEHOUSE_GATEWAY_CLIENT_ID", "edge-7"));

        assertThat(settings.gateway().port()).isEqualTo(9443);
        assertThat(settings.gateway().host()).isEqualTo("0.0.0.0");
        assertThat(settings.issuer().url()).isEqualTo(URI.create("https://id.example.org"));
        assertThat(settings.issuer().clientId()).isEqualTo("edge-7");
        assertThat(GatewayYaml.read(f, Map.of()).gateway().port()).as("without them, the file").isEqualTo(8000);
    }

    @Test
    void anEnvironmentOverrideThatBreaksTheSetupIsNamedInTheError() throws IOException {
        Path f = file("""
                gateway:
                  issuer: {url: "https://login.example.com", client_id: gateway}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f, Map.of("GATEHOUSE_GATEWAY_PORT", "eighty")))
                .hasMessageContaining("GATEHOUSE_GATEWAY_PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> GatewayYaml.read(f, Map.of("GATEHOUSE_GATEWAY_TLS_CERTIFICATE", "/etc/cert.pem")))
                .hasMessageContaining("with environment variables GATEHOUSE_GATEWAY_TLS_CERTIFICATE")
                .hasMessageContaining("certificate and private_key go together");
        GatewayYaml.Settings behindProxy = GatewayYaml.read(f, Map.of("GATEHOUSE_GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7"));
        assertThat(behindProxy.gateway().transport().trustedProxies().entries()).hasSize(2);
    }

    @Test
    void aValueOutsideItsRangeIsNamedAtItsKeyAsWrittenWithTheRange() throws IOException {
        String routes = "  routes: [{path: /, upstream: 'http://web:8080', public: true}]\n";
        Map<String, String> cases = Map.of(
                "  listen: {plain_http: true, port: 70000}\n", "gateway.listen.port: must be an integer 0..65535, got \"70000\"",
                "  listen: {plain_http: true}\n  timeouts: {connect: 2d}\n", "gateway.timeouts.connect: must be a positive duration",
                "  listen: {plain_http: true}\n  max_request_header_bytes: 100\n",
                "gateway.max_request_header_bytes: must be an integer 1024..1048576, got \"100\"");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = file("gateway:\n" + c.getKey() + routes);

            assertThatThrownBy(() -> GatewayYaml.read(f)).as(c.getKey()).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining(c.getValue());
        }
        Map<String, String> issuerCases = Map.of(
                "max_feed_staleness: 500ms", "gateway.issuer.max_feed_staleness: must be a duration such as",
                "token_cache_size: 20000000", "gateway.issuer.token_cache_size: must be an integer 0..10000000",
                "clock_skew: 6m", "gateway.issuer.clock_skew: must be a duration such as");
        for (Map.Entry<String, String> c : issuerCases.entrySet()) {
            Path f = file("gateway:\n  issuer: {url: 'https://login.example.com', client_id: gw, " + c.getKey() + "}\n" + routes);

            assertThatThrownBy(() -> GatewayYaml.readIssuer(f)).as(c.getKey()).isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining(c.getValue()).hasMessageContaining("got \"" + c.getKey().split(": ")[1] + "\"");
        }
    }

    @Test
    void theIssuerKeysDefaultToTheVerifierDefaultsOfTheSdk() throws IOException {
        IssuerLink issuer = GatewayYaml.readIssuer(file("""
                gateway:
                  issuer: {url: "https://login.example.com", client_id: gateway}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """));

        assertThat(issuer.maxFeedStaleness()).isEqualTo(VerifierDefaults.FEED_STALENESS);
        assertThat(issuer.failClosed()).isEqualTo(VerifierDefaults.FAIL_CLOSED);
        assertThat(issuer.tokenCacheSize()).isEqualTo(VerifierDefaults.TOKEN_CACHE_SIZE);
        assertThat(issuer.clockSkew()).isEqualTo(VerifierDefaults.CLOCK_SKEW);
    }

    @Test
    void aBadValueFromAnEnvironmentVariableIsNamedAsThatVariable() throws IOException {
        Path f = file("""
                gateway:
                  listen: {plain_http: true}
                  issuer: {url: "https://login.example.com", client_id: gateway}
                  routes: [{path: /, upstream: "http://web:8080", public: true}]
                """);

        assertThatThrownBy(() -> GatewayYaml.read(f, Map.of("GATEHOUSE_GATEWAY_PORT", "eighty")))
                .isInstanceOf(GatewayConfigException.class)
                .hasMessage("invalid gateway.listen.port \"eighty\" (from environment variable GATEHOUSE_GATEWAY_PORT): "
                        + "must be an integer 0..65535");
        assertThatThrownBy(() -> GatewayYaml.read(f, Map.of("GATEHOUSE_GATEWAY_ISSUER_URL", "https://bad host")))
                .hasMessageStartingWith("invalid gateway.issuer.url \"https://bad host\" (from environment variable "
                        + "GATEHOUSE_GATEWAY_ISSUER_URL): must be a URI");
    }

    @Test
    void missingSectionIsAnError() throws IOException {
        Path f = file("issuer: https://login.example.com\n");

        assertThatThrownBy(() -> GatewayYaml.read(f)).hasMessageContaining("gateway: a mapping is required");
    }

    @Test
    void zeroTimeoutIsRefused() {
        assertThatThrownBy(() -> new Timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("timeouts.connect: a duration above 0 and at most 1 day, got PT0S");
    }

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("gatehouse.yaml");
        Files.writeString(f, yaml);
        return f;
    }
}

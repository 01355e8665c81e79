package dev.gatehouse.server.tls;

import dev.gatehouse.http.tls.SelfSignedCertificate;
import dev.gatehouse.http.tls.TlsClients;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.http.tls.TrustedProxies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding headers change the client address the login throttle counts by only when the TCP peer is a
 * listed proxy (the tests connect from 127.0.0.1).
 */
class TrustedProxiesTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    @Test
    void behindATrustedProxyTheThrottleCountsTheForwardedClientAddress() throws Exception {
        try (TestIssuer issuer = TestIssuer.start(dir, TransportSecurity.behindProxies(List.of("127.0.0.1")))) {
            issuer.createUser("alice", PASSWORD, Set.of());
            HttpClient http = HttpClient.newHttpClient();
            throttle(issuer, http, "X-Forwarded-For", "203.0.113.7");

            assertThat(failedLogin(issuer, http, "X-Forwarded-For", "203.0.113.7").statusCode()).isEqualTo(429);
            assertThat(failedLogin(issuer, http, "X-Forwarded-For", "203.0.113.8").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aForwardedHeaderTheClientAddsCannotChooseTheAddress() throws Exception {
        try (TestIssuer issuer = TestIssuer.start(dir, TransportSecurity.behindProxies(List.of("127.0.0.1")))) {
            issuer.createUser("alice", PASSWORD, Set.of());
            HttpClient http = HttpClient.newHttpClient();
            throttle(issuer, http, "X-Forwarded-For", "203.0.113.7");

            // the proxy wrote X-Forwarded-For; a Forwarded header is the client's own and is not believed
            assertThat(failedLogin(issuer, http, "X-Forwarded-For", "203.0.113.7", "Forwarded", "for=198.51.100.5")
                    .statusCode()).isEqualTo(429);
            assertThat(failedLogin(issuer, http, "X-Forwarded-For", "198.51.100.6, 203.0.113.7", "Forwarded", "for=198.51.100.7")
                    .statusCode()).isEqualTo(429);
        }
    }

    @Test
    void aClientWrittenAddressLeftOfTheProxyEntryDoesNotEscapeTheThrottle() throws Exception {
        try (TestIssuer issuer = TestIssuer.start(dir, TransportSecurity.behindProxies(List.of("127.0.0.1", "10.0.0.0/8")))) {
            issuer.createUser("alice", PASSWORD, Set.of());
            HttpClient http = HttpClient.newHttpClient();
            throttle(issuer, http, "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.2.3");

            HttpResponse<String> spoofed = failedLogin(issuer, http, "X-Forwarded-For", "198.51.100.99, 203.0.113.7, 10.1.2.3");

            assertThat(spoofed.statusCode()).isEqualTo(429);
        }
    }

    @Test
    void forwardingHeadersFromAnUnlistedPeerAreIgnored() throws Exception {
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
        TransportSecurity transport = TransportSecurity.tls(pem.certificate(), pem.privateKey())
                .withTrustedProxies(TrustedProxies.of(List.of("10.0.0.0/8")));
        try (TestIssuer issuer = TestIssuer.start(dir.resolve("data"), transport)) {
            issuer.createUser("alice", PASSWORD, Set.of());
            HttpClient http = TlsClients.http(TlsClients.read(pem.certificate()));
            throttle(issuer, http, "X-Forwarded-For", "203.0.113.7");

            assertThat(failedLogin(issuer, http, "X-Forwarded-For", "203.0.113.8").statusCode()).isEqualTo(429);
            assertThat(failedLogin(issuer, http, "Forwarded", "for=203.0.113.9").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void plainHttpFromAPeerThatIsNoListedProxyIsRefusedWith403() throws Exception {
        try (TestIssuer issuer = TestIssuer.start(dir, TransportSecurity.behindProxies(List.of("10.0.0.0/8")))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(issuer.uri(Endpoints.OIDC_DISCOVERY).toString().startsWith("https")
                            ? java.net.URI.create("http://127.0.0.1:" + issuer.baseUri().getPort() + Endpoints.OIDC_DISCOVERY)
                            : issuer.uri(Endpoints.OIDC_DISCOVERY)).header("X-Forwarded-For", "10.0.0.1").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new ObjectMapper().readTree(response.body()).path("status").asInt()).isEqualTo(403);
        }
    }

    @Test
    void aTrustedProxyForwardingHttpsGetsHstsAndOneForwardingHttpDoesNot() throws Exception {
        try (TestIssuer issuer = TestIssuer.start(dir, TransportSecurity.behindProxies(List.of("127.0.0.1")))) {
            HttpClient http = HttpClient.newHttpClient();
            java.net.URI live = java.net.URI.create("http://127.0.0.1:" + issuer.baseUri().getPort() + Endpoints.LIVE);

            HttpResponse<String> https = http.send(HttpRequest.newBuilder(live).header("X-Forwarded-Proto", "https").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(live).header("X-Forwarded-Proto", "http").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(https.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void onlyTheNearestProxysSchemeCountsAndClientMarkersDoNotMakeARequestSecure() throws Exception {
        try (TestIssuer issuer = TestIssuer.start(dir, TransportSecurity.behindProxies(List.of("127.0.0.1")))) {
            HttpClient http = HttpClient.newHttpClient();
            java.net.URI live = java.net.URI.create("http://127.0.0.1:" + issuer.baseUri().getPort() + Endpoints.LIVE);

            for (String[] headers : List.of(new String[] {"X-Forwarded-Proto", "https, http"},
                    new String[] {"X-Forwarded-Proto", "http", "X-Proxied-Https", "on"},
                    new String[] {"X-Forwarded-Proto", "http", "Forwarded", "proto=https"},
                    new String[] {"X-Forwarded-Proto", "http", "Proxy-auth-cert", "x"})) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(live).headers(headers).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.headers().firstValue("Strict-Transport-Security")).as(String.join(": ", headers)).isEmpty();
            }
        }
    }

    @Test
    void aTrustedProxyEntryThatIsNoAddressIsRefusedNamingIt() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/8", "proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"proxy.internal\"");
    }

    private static void throttle(TestIssuer issuer, HttpClient http, String header, String value) throws Exception {
        int free = issuer.config().throttle().freeAttemptsPerAccountAndAddress();
        for (int i = 0; i < free; i++) {
            assertThat(failedLogin(issuer, http, header, value).statusCode()).isEqualTo(401);
        }
    }

    /** @param headers names and values of extra request headers */
    private static HttpResponse<String> failedLogin(TestIssuer issuer, HttpClient http, String... headers)
            throws Exception {
        java.net.URI uri = java.net.URI.create(issuer.baseUri().getScheme().equals("https") && issuer.config().transport().https()
                ? issuer.uri(Endpoints.LOGIN).toString()
                : "http://127.0.0.1:" + issuer.baseUri().getPort() + Endpoints.LOGIN);
        return http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"alice\",\"password\":\"wrong password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

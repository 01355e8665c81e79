package dev.gatehouse.server.tls;

import dev.gatehouse.http.tls.SelfSignedCertificate;
import dev.gatehouse.http.tls.TlsClients;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.http.tls.TrustedProxies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuer serving HTTPS from PEM files, over real TLS connections. */
class HttpsIssuerTest {
    @TempDir
    Path dir;

    @Test
    void theIssuerAnswersDiscoveryOverHttpsUnderAnHttpsIssuerUrlWithHsts() throws Exception {
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
        try (TestIssuer issuer = TestIssuer.start(dir.resolve("data"),
                TransportSecurity.tls(pem.certificate(), pem.privateKey()))) {
            HttpClient http = TlsClients.http(TlsClients.read(pem.certificate()));

            HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(issuer.uri(Endpoints.OIDC_DISCOVERY)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(issuer.baseUri().getScheme()).isEqualTo("https");
            assertThat(new ObjectMapper().readTree(discovery.body()).path("issuer").asText())
                    .isEqualTo(issuer.baseUri().toString());
            assertThat(discovery.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        }
    }

    @Test
    void hstsMaxAgeAndIncludeSubDomainsFollowTheSettings() throws Exception {
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
        TransportSecurity transport = TransportSecurity.tls(pem.certificate(), pem.privateKey())
                .withHsts(new TransportSecurity.Hsts(Duration.ofDays(1), true));
        try (TestIssuer issuer = TestIssuer.start(dir.resolve("data"), transport)) {
            HttpResponse<String> live = TlsClients.http(TlsClients.read(pem.certificate())).send(
                    HttpRequest.newBuilder(issuer.uri(Endpoints.LIVE)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(live.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=86400; includeSubDomains");
        }
    }

    @Test
    void plainDevHttpSendsNoHsts() throws Exception {
        try (TestIssuer issuer = TestIssuer.start(dir.resolve("data"))) {
            HttpResponse<String> live = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(issuer.uri(Endpoints.LIVE)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void aReplacedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
        Path tls = dir.resolve("tls");
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir.resolve("first"), Clock.systemUTC());
        Files.createDirectories(tls);
        Path cert = Files.copy(first.certificate(), tls.resolve("cert.pem"));
        Path key = Files.copy(first.privateKey(), tls.resolve("key.pem"));
        TransportSecurity transport = new TransportSecurity(new TransportSecurity.Tls(cert, key, Duration.ofSeconds(1)),
                TrustedProxies.none(), TransportSecurity.Hsts.DEFAULT);
        try (TestIssuer issuer = TestIssuer.start(dir.resolve("data"), transport)) {
            int port = issuer.baseUri().getPort();
            X509Certificate before = TlsClients.served(port);
            SelfSignedCertificate.PemFiles second = SelfSignedCertificate.ensure(dir.resolve("second"), Clock.systemUTC());

            TlsClients.replace(second.privateKey(), key);
            TlsClients.replace(second.certificate(), cert);

            X509Certificate expected = TlsClients.read(second.certificate());
            assertThat(before.getSerialNumber()).isNotEqualTo(expected.getSerialNumber());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> TlsClients.served(port).getSerialNumber().equals(expected.getSerialNumber()));
            HttpResponse<String> live = TlsClients.http(expected).send(
                    HttpRequest.newBuilder(issuer.uri(Endpoints.LIVE)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCertificateThatDoesNotMatchItsKeyStopsTheStartNamingTheFiles() {
        SelfSignedCertificate.PemFiles a = SelfSignedCertificate.ensure(dir.resolve("a"), Clock.systemUTC());
        SelfSignedCertificate.PemFiles b = SelfSignedCertificate.ensure(dir.resolve("b"), Clock.systemUTC());

        assertThatThrownBy(() -> TestIssuer.start(dir.resolve("data"), TransportSecurity.tls(a.certificate(), b.privateKey())))
                .hasStackTraceContaining("does not match the certificate " + a.certificate());
    }

    @Test
    void aPlainHttpRequestToTheHttpsPortGetsNoDiscoveryDocument() throws Exception {
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
        try (TestIssuer issuer = TestIssuer.start(dir.resolve("data"),
                TransportSecurity.tls(pem.certificate(), pem.privateKey()))) {
            URI plain = URI.create("http://127.0.0.1:" + issuer.baseUri().getPort() + Endpoints.OIDC_DISCOVERY);

            String answer;
            try {
                answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException notHttp) {
                answer = notHttp.getMessage();
            }

            assertThat(answer).doesNotContain("token_endpoint");
        }
    }
}

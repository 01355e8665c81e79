package dev.gatehouse.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading on a plain Jetty server, as the gateway runs it. */
class PemTlsReloadTest {
    @TempDir
    Path dir;

    Path cert;
    Path key;
    PemTls tls;
    Server server;
    ServerConnector connector;

    @BeforeEach
    void start() throws Exception {
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir.resolve("first"), Clock.systemUTC());
        Files.createDirectories(dir.resolve("live"));
        cert = Files.copy(first.certificate(), dir.resolve("live/cert.pem"));
        key = Files.copy(first.privateKey(), dir.resolve("live/key.pem"));
        tls = PemTls.load(cert, key);
        server = new Server();
        connector = new ServerConnector(server, tls.sslContextFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aValidReplacementIsServedToTheNextConnection() throws Exception {
        SelfSignedCertificate.PemFiles second = SelfSignedCertificate.ensure(dir.resolve("second"), Clock.systemUTC());
        TlsClients.replace(second.privateKey(), key);
        TlsClients.replace(second.certificate(), cert);

        boolean reloaded = tls.reload();

        assertThat(reloaded).isTrue();
        assertThat(TlsClients.served(connector.getLocalPort()).getSerialNumber())
                .isEqualTo(TlsClients.read(second.certificate()).getSerialNumber());
        assertThat(tls.reload()).as("unchanged files").isFalse();
    }

    @Test
    void anUnreadableReplacementIsLoggedAndTheOldCertificateKept() throws Exception {
        BigInteger before = TlsClients.served(connector.getLocalPort()).getSerialNumber();
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");

        boolean reloaded = tls.reload();

        assertThat(reloaded).isFalse();
        assertThat(TlsClients.served(connector.getLocalPort()).getSerialNumber()).isEqualTo(before);
        assertThat(tls.certificate().getSerialNumber()).isEqualTo(before);
    }

    @Test
    void aReplacementKeyWithoutItsCertificateIsNotUsed() throws Exception {
        BigInteger before = TlsClients.served(connector.getLocalPort()).getSerialNumber();
        SelfSignedCertificate.PemFiles other = SelfSignedCertificate.ensure(dir.resolve("other"), Clock.systemUTC());
        TlsClients.replace(other.privateKey(), key);

        boolean reloaded = tls.reload();

        assertThat(reloaded).isFalse();
        assertThat(TlsClients.served(connector.getLocalPort()).getSerialNumber()).isEqualTo(before);
    }

    @Test
    void transportConnectorsBuildsAnHttpsListenerOnAPlainJettyServer() throws Exception {
        Server gateway = new Server();
        gateway.addConnector(TransportConnectors.create(gateway, new HttpConfiguration(),
                TransportSecurity.tls(cert, key), "127.0.0.1", 0));
        gateway.start();
        try {
            int port = ((ServerConnector) gateway.getConnectors()[0]).getLocalPort();
            assertThat(TlsClients.served(port).getSerialNumber()).isEqualTo(tls.certificate().getSerialNumber());
        } finally {
            gateway.stop();
        }
    }

    @Test
    void theWatcherFollowsRenewalsThatSwapSymbolicLinks() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path live = Files.createDirectories(dir.resolve("links"));
        Path linkedCert = live.resolve("fullchain.pem");
        Path linkedKey = live.resolve("privkey.pem");
        pointTo(linkedCert, issue(archive, 1).certificate());
        pointTo(linkedKey, archive.resolve("1").resolve(SelfSignedCertificate.PRIVATE_KEY_FILE));
        Server watched = new Server();
        watched.addConnector(TransportConnectors.create(watched, new HttpConfiguration(), new TransportSecurity(
                new TransportSecurity.Tls(linkedCert, linkedKey, Duration.ofSeconds(1)), TrustedProxies.none(),
                TransportSecurity.Hsts.DEFAULT), "127.0.0.1", 0));
        watched.start();
        try {
            int port = ((ServerConnector) watched.getConnectors()[0]).getLocalPort();
            // twice, as a second renewal once went unnoticed where the first was seen
            for (int renewal = 2; renewal <= 3; renewal++) {
                SelfSignedCertificate.PemFiles next = issue(archive, renewal);
                pointTo(linkedKey, next.privateKey());
                pointTo(linkedCert, next.certificate());
                BigInteger serial = TlsClients.read(next.certificate()).getSerialNumber();

                await().atMost(Duration.ofSeconds(15)).until(() -> TlsClients.served(port).getSerialNumber().equals(serial));
            }
        } finally {
            watched.stop();
        }
    }

    private static SelfSignedCertificate.PemFiles issue(Path archive, int number) {
        return SelfSignedCertificate.ensure(archive.resolve(String.valueOf(number)), Clock.systemUTC());
    }

    /** Points {@code link} at {@code target} in one step, as certbot and Kubernetes do. */
    private static void pointTo(Path link, Path target) throws IOException {
        Path fresh = link.resolveSibling(link.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, target);
        Files.move(fresh, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

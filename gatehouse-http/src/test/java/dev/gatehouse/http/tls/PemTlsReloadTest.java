package dev.gatehouse.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
}

package dev.gatehouse.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS clients that trust exactly one certificate, as a client pinned to a dev certificate would. */
public final class TlsClients {
    private TlsClients() {}

    public static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    public static HttpClient http(X509Certificate trusted) throws Exception {
        return HttpClient.newBuilder().sslContext(trusting(trusted)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static X509Certificate read(Path pem) throws IOException, java.security.cert.CertificateException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The certificate a new TLS connection to the port is served, whoever issued it. */
    public static X509Certificate served(int port) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket(plain, "localhost", port, true)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Replaces {@code target} atomically by a copy of {@code source}, as a certificate rotation would. */
    public static void replace(Path source, Path target) throws Exception {
        Path temp = Files.copy(source, target.resolveSibling(target.getFileName() + ".new"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

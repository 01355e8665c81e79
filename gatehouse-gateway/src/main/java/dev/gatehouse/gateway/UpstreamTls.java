package dev.gatehouse.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS towards https and wss upstreams: certificates are checked against the JVM's default roots, or only against
 * the configured PEM bundle ({@code upstream_ca}), and the host name must match the certificate (HTTPS endpoint
 * identification), so an upstream cannot be impersonated by any certificate the roots happen to trust for
 * another name.
 */
final class UpstreamTls {
    private UpstreamTls() {}

    static SslContextFactory.Client of(Path caPem) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        if (caPem != null) {
            tls.setTrustStore(trustStore(caPem, "gateway.upstream_ca"));
        }
        return tls;
    }

    /** An SSLContext that trusts only the certificates in {@code pem}; {@code setting} names it in errors. */
    static SSLContext trusting(Path pem, String setting) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(pem, setting));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": cannot trust the certificates in " + pem + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path pem, String setting) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(setting + ": no certificate in " + pem);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("upstream-ca-" + i++, c);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": cannot read certificates from " + pem + ": "
                    + e.getMessage(), e);
        }
    }
}

package dev.gatehouse.app.config;

import dev.gatehouse.http.tls.CertificateFileException;
import dev.gatehouse.http.tls.PemKeyMaterial;
import dev.gatehouse.http.tls.SelfSignedCertificate;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.http.tls.TrustedProxies;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * How the issuer keeps tokens off clear-text connections: its own HTTPS from PEM files, a self-signed
 * certificate (dev mode only), plain HTTP accepted only from TLS-terminating proxies, or plain HTTP from
 * anyone (dev mode only).
 *
 * @param certificate    PEM certificate chain, present together with {@code privateKey}
 * @param selfSigned     generate a self-signed certificate in the data dir (dev mode only)
 * @param trustedProxies addresses and CIDR blocks of TLS-terminating proxies, already validated
 */
public record TransportConfig(Optional<Path> certificate, Optional<Path> privateKey, boolean selfSigned,
                              TrustedProxies trustedProxies, TransportSecurity.Hsts hsts) {
    /** Directory in the data dir holding the dev-mode self-signed certificate. */
    public static final String SELF_SIGNED_DIR = "dev-tls";

    /** Whether the issuer itself serves HTTPS. */
    public boolean https() {
        return certificate.isPresent() || selfSigned;
    }

    /** The transport decided, with a note when the certificate is a generated self-signed one. */
    public record Resolved(TransportSecurity security, Optional<SelfSignedCertificate.PemFiles> selfSigned) {}

    /**
     * Refuses, outside dev mode, any setup in which tokens could travel over plain HTTP: no TLS and no trusted
     * proxy, a self-signed certificate, or an http issuer URL.
     *
     * @throws ConfigException naming the settings to change
     */
    public void refuseInsecure(boolean dev, URI issuer) {
        if (dev) {
            return;
        }
        if (selfSigned) {
            throw new ConfigException("tls-self-signed is for dev mode only; outside it set "
                    + Setting.TLS_CERTIFICATE.envVar() + " and " + Setting.TLS_PRIVATE_KEY.envVar());
        }
        if (!https() && trustedProxies.isEmpty()) {
            throw new ConfigException("refusing to serve tokens over plain HTTP outside dev mode.\n"
                    + "  Set " + Setting.TLS_CERTIFICATE.envVar() + " and " + Setting.TLS_PRIVATE_KEY.envVar()
                    + " to PEM files to serve HTTPS,\n"
                    + "  or " + Setting.TRUSTED_PROXIES.envVar() + " to the addresses of the TLS-terminating proxies"
                    + " in front (plain HTTP is then accepted from them only),\n"
                    + "  or, for a local trial only, start in dev mode: --dev or GATEHOUSE_DEV=true.");
        }
        if (!"https".equals(issuer.getScheme())) {
            throw new ConfigException("issuer " + issuer + ": outside dev mode the public URL must be https");
        }
    }

    /**
     * The transport for the issuer, after {@link #refuseInsecure}: the certificate and key are read and checked
     * here, so that a bad file stops the start with a message naming it.
     *
     * @throws ConfigException when a certificate or key file cannot be used
     */
    public Resolved resolve(Path dataDir, Clock clock) {
        Optional<SelfSignedCertificate.PemFiles> generated = Optional.empty();
        TransportSecurity.Tls tls = null;
        try {
            if (selfSigned) {
                generated = Optional.of(SelfSignedCertificate.ensure(dataDir.resolve(SELF_SIGNED_DIR), clock));
                tls = new TransportSecurity.Tls(generated.get().certificate(), generated.get().privateKey());
            } else if (certificate.isPresent()) {
                tls = new TransportSecurity.Tls(certificate.get(), privateKey.orElseThrow());
                PemKeyMaterial.read(tls.certificate(), tls.privateKey(), clock);
            }
        } catch (CertificateFileException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        return new Resolved(new TransportSecurity(tls, trustedProxies, hsts), generated);
    }

    static List<String> splitList(String value) {
        return List.of(value.split("[,\\s]+")).stream().filter(s -> !s.isEmpty()).toList();
    }
}

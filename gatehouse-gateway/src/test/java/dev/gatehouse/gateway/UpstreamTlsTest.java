package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.JwtTokenVerifier;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamTlsTest {
    /** Public routes only: this verifier knows no keys, so it would refuse any token. */
    static final Gate NO_TOKENS = new Gate(JwtTokenVerifier.builder("https://issuer.test",
            new ImmutableJWKSet<SecurityContext>(new JWKSet())).build());

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void httpsUpstreamTrustedThroughTheConfiguredCaIsReached() throws Exception {
        Tls tls = Tls.selfSigned(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        try (EchoUpstream upstream = EchoUpstream.startTls("secure", tls.context());
             Gateway gateway = gateway(upstream.uri(), tls.pem(dir))) {
            HttpResponse<String> response = get(gateway);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"upstream\":\"secure\"");
        }
    }

    @Test
    void httpsUpstreamWithACertificateNobodyTrustsGivesBadGateway() throws Exception {
        Tls tls = Tls.selfSigned(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        try (EchoUpstream upstream = EchoUpstream.startTls("secure", tls.context());
             Gateway gateway = gateway(upstream.uri(), null)) {
            assertThat(get(gateway).statusCode()).isEqualTo(502);
        }
    }

    @Test
    void httpsUpstreamWhoseCertificateNamesAnotherHostGivesBadGateway() throws Exception {
        Tls tls = Tls.selfSigned(new GeneralName(GeneralName.dNSName, "other.test"));
        try (EchoUpstream upstream = EchoUpstream.startTls("secure", tls.context());
             Gateway gateway = gateway(upstream.uri(), tls.pem(dir))) {
            assertThat(get(gateway).statusCode()).isEqualTo(502);
        }
    }

    Gateway gateway(URI upstream, Path ca) {
        return Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(Route.open(null, "/", upstream))).withUpstreamCa(ca),
                NO_TOKENS, () -> GatewayHealth.ready(Map.of()));
    }

    HttpResponse<String> get(Gateway gateway) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A key pair with a self-signed certificate for the given subject alternative name. */
    record Tls(KeyPair keys, X509Certificate certificate) {
        static Tls selfSigned(GeneralName san) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=upstream");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new Tls(keys, certificate);
        }

        SSLContext context() throws Exception {
            char[] password = "changeit".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("upstream", keys.getPrivate(), password, new X509Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        }

        Path pem(Path dir) throws Exception {
            Path file = Files.createTempFile(dir, "upstream-ca", ".pem");
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return file;
        }
    }
}

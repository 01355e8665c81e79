package dev.gatehouse.http.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A self-signed certificate for local trials: EC P-256, valid 90 days, for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}. Kept as {@code cert.pem} and {@code key.pem} (owner-only) in a
 * directory (the key as PKCS#8) and reused while it has more than a week left.
 */
public final class SelfSignedCertificate {
    public static final String CERTIFICATE_FILE = "cert.pem";
    public static final String PRIVATE_KEY_FILE = "key.pem";
    static final Duration VALIDITY = Duration.ofDays(90);
    static final Duration RENEW_BEFORE = Duration.ofDays(7);

    /** @param generated true when the pair was created by this call, false when an existing one was reused */
    public record PemFiles(Path certificate, Path privateKey, boolean generated) {}

    private SelfSignedCertificate() {}

    /** The pair in {@code directory}, generated when absent, unusable or about to expire. */
    public static PemFiles ensure(Path directory, Clock clock) {
        Path cert = directory.resolve(CERTIFICATE_FILE);
        Path key = directory.resolve(PRIVATE_KEY_FILE);
        if (Files.exists(cert) && Files.exists(key)) {
            try {
                PemKeyMaterial existing = PemKeyMaterial.read(cert, key, clock);
                if (existing.certificate().getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE))) {
                    return new PemFiles(cert, key, false);
                }
            } catch (CertificateFileException e) {
                // replaced below
            }
        }
        generate(cert, key, clock.instant());
        return new PemFiles(cert, key, true);
    }

    private static void generate(Path cert, Path key, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=localhost,O=Gatehouse dev mode (self-signed)");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.iPAddress, "::1")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Files.createDirectories(cert.toAbsolutePath().getParent());
            write(key, pem(new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded())), true);
            write(cert, pem(certificate), false);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new CertificateFileException("cannot create a self-signed certificate in " + cert.getParent() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes next to the target and moves it into place, so that a reader never sees half a file. */
    private static void write(Path file, String content, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

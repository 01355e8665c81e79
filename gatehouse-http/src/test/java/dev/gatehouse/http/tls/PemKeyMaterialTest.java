package dev.gatehouse.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyMaterialTest {
    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateNamesLocalhostAndItsLoopbackAddressesAndItsKeyIsOwnerOnly() throws Exception {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, Clock.systemUTC());

        PemKeyMaterial material = PemKeyMaterial.read(files.certificate(), files.privateKey(), Clock.systemUTC());

        assertThat(files.generated()).isTrue();
        assertThat(Files.readString(files.privateKey())).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(material.certificate().getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
                .contains((Object) "localhost", "127.0.0.1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");
        assertThat(Duration.between(Instant.now(), material.certificate().getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(89), Duration.ofDays(91));
    }

    @Test
    void aSelfSignedCertificateStillValidIsReusedAndOneAboutToExpireIsReplaced() throws Exception {
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir, Clock.systemUTC());
        String pem = Files.readString(first.certificate());

        SelfSignedCertificate.PemFiles again = SelfSignedCertificate.ensure(dir, Clock.systemUTC());
        String reused = Files.readString(again.certificate());
        SelfSignedCertificate.PemFiles later = SelfSignedCertificate.ensure(dir,
                Clock.fixed(Instant.now().plus(Duration.ofDays(85)), ZoneOffset.UTC));

        assertThat(again.generated()).isFalse();
        assertThat(reused).isEqualTo(pem);
        assertThat(later.generated()).isTrue();
        assertThat(Files.readString(later.certificate())).isNotEqualTo(pem);
    }

    @Test
    void anEcPrivateKeyIsReadAsWellAsAPkcs8One() throws Exception {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, Clock.systemUTC());
        PemKeyMaterial pkcs8 = PemKeyMaterial.read(files.certificate(), files.privateKey(), Clock.systemUTC());
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8.privateKey().getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        byte[] sec1 = new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        Path ecKey = dir.resolve("ec.pem");
        Files.writeString(ecKey, "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n");

        PemKeyMaterial read = PemKeyMaterial.read(files.certificate(), ecKey, Clock.systemUTC());

        assertThat(((java.security.interfaces.ECPrivateKey) read.privateKey()).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8.privateKey()).getS());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
        SelfSignedCertificate.PemFiles a = SelfSignedCertificate.ensure(dir.resolve("a"), Clock.systemUTC());
        SelfSignedCertificate.PemFiles b = SelfSignedCertificate.ensure(dir.resolve("b"), Clock.systemUTC());

        assertThatThrownBy(() -> PemKeyMaterial.read(a.certificate(), b.privateKey(), Clock.systemUTC()))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining(a.certificate().toString())
                .hasMessageContaining(b.privateKey().toString());
    }

    @Test
    void anExpiredCertificateIsRefusedNamingTheFileAndTheDate() {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, Clock.systemUTC());
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(120)), ZoneOffset.UTC);

        assertThatThrownBy(() -> PemKeyMaterial.read(files.certificate(), files.privateKey(), later))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageContaining(files.certificate().toString())
                .hasMessageContaining("expired on");
    }

    @Test
    void aFileWithoutPemIsRefusedNamingIt() throws Exception {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, Clock.systemUTC());
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a certificate\n");

        assertThatThrownBy(() -> PemKeyMaterial.read(garbage, files.privateKey(), Clock.systemUTC()))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageContaining(garbage.toString());
        assertThatThrownBy(() -> PemKeyMaterial.read(files.certificate(), garbage, Clock.systemUTC()))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageContaining(garbage.toString());
    }
}

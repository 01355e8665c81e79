package dev.gatehouse.http.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain and its private key read from PEM files, checked to belong together and to be valid
 * now. Keys may be PKCS#8 ({@code PRIVATE KEY}), SEC 1 ({@code EC PRIVATE KEY}) or PKCS#1
 * ({@code RSA PRIVATE KEY}); encrypted keys are refused (the passphrase would need a secret store of its own).
 *
 * @param chain the leaf certificate first, then its issuers as given in the file
 */
public record PemKeyMaterial(List<X509Certificate> chain, PrivateKey privateKey) {
    static final String ALIAS = "gatehouse";

    public PemKeyMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain: at least one certificate");
        }
    }

    /** @throws CertificateFileException naming the file that is unreadable, mismatched, expired or not yet valid */
    public static PemKeyMaterial read(Path certificateFile, Path privateKeyFile, Clock clock) {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey key = readPrivateKey(privateKeyFile);
        X509Certificate leaf = chain.getFirst();
        if (!belongTogether(key, leaf.getPublicKey())) {
            throw new CertificateFileException("TLS private key " + privateKeyFile + " does not match the certificate "
                    + certificateFile + " (" + leaf.getSubjectX500Principal().getName() + ")");
        }
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw new CertificateFileException("TLS certificate " + certificateFile + " expired on "
                    + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateFileException("TLS certificate " + certificateFile + " is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        return new PemKeyMaterial(chain, key);
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** An in-memory key store holding this key and chain under {@code password}. */
    KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory key store: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(reader(file, "TLS certificate"))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new CertificateFileException("TLS certificate " + file + ": not a readable PEM certificate: "
                    + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new CertificateFileException("TLS certificate " + file + ": no PEM CERTIFICATE block found");
        }
        return certificates;
    }

    private static PrivateKey readPrivateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(reader(file, "TLS private key"))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                switch (item) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    case PEMEncryptedKeyPair encrypted -> throw encrypted(file);
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(file);
                    default -> { }
                }
            }
        } catch (CertificateFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CertificateFileException("TLS private key " + file + ": not a readable PEM private key: "
                    + e.getMessage(), e);
        }
        throw new CertificateFileException("TLS private key " + file
                + ": no PEM PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block found");
    }

    private static CertificateFileException encrypted(Path file) {
        return new CertificateFileException("TLS private key " + file + " is encrypted; give it unencrypted "
                + "(readable by the service user only)");
    }

    private static Reader reader(Path file, String what) {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CertificateFileException(what + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Signs a random challenge with the private key and verifies it with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> throw new CertificateFileException("TLS private key algorithm " + key.getAlgorithm()
                    + " is not supported (use EC, RSA or EdDSA)");
        };
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(key.getAlgorithm().startsWith("EC") && publicKey.getAlgorithm().startsWith("EC"))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

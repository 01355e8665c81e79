package dev.gatehouse.http.tls;

/** A certificate or private key file that cannot be used; the message names the file and the reason. */
public final class CertificateFileException extends RuntimeException {
    public CertificateFileException(String message) {
        super(message);
    }

    public CertificateFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

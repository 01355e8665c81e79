package dev.gatehouse.app.provisioning;

/** The provisioning file is invalid or cannot be applied; the message names the file, the entry and the field. */
public final class ProvisioningException extends RuntimeException {
    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}

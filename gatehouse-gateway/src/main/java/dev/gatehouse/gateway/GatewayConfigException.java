package dev.gatehouse.gateway;

/** The gateway configuration is missing, unknown or invalid; the message names the file, the key and the value. */
public final class GatewayConfigException extends RuntimeException {
    public GatewayConfigException(String message) {
        super(message);
    }

    public GatewayConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

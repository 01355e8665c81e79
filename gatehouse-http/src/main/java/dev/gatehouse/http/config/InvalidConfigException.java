package dev.gatehouse.http.config;

/**
 * A configuration value is missing, unknown or invalid. The message names where it came from (file, environment
 * variable, flag), its place ({@code gateway.routes[2].audience}, {@code access-token-ttl}) and, unless it is a
 * secret, the value.
 */
public final class InvalidConfigException extends RuntimeException {
    private final String place;

    public InvalidConfigException(String place, String message) {
        super(message);
        this.place = place;
    }

    public InvalidConfigException(String place, String message, Throwable cause) {
        super(message, cause);
        this.place = place;
    }

    /** The place of the value, e.g. {@code gateway.routes[2].audience}; empty for a whole file. */
    public String place() {
        return place;
    }
}

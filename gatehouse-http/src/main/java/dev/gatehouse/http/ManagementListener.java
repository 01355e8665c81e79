package dev.gatehouse.http;

import java.util.Objects;

/**
 * A second, plain-HTTP listener for health and metrics, meant for a private network or loopback: with one, metrics
 * are served there and no longer on the main listener.
 *
 * @param host address to listen on
 * @param port port to listen on, 0 for a free one
 */
public record ManagementListener(String host, int port) {
    public ManagementListener {
        Objects.requireNonNull(host, "management listen host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("management port: 0..65535, got " + port);
        }
    }
}

package dev.gatehouse.server;

import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.http.tls.TransportSecurity;
import java.util.Objects;

/**
 * Everything the issuer needs besides its stores, validated before it starts.
 *
 * @param host          address to listen on
 * @param port          port to listen on; 0 picks a free one
 * @param maxBodyBytes  larger request bodies are refused with 413
 * @param transport     HTTPS, plain HTTP behind trusted proxies, or (dev mode and tests) plain HTTP
 */
public record IssuerConfig(String host, int port, long maxBodyBytes, TokenConfig tokens, PasswordConfig passwords,
                           ThrottleConfig throttle, KeyEncryption keyEncryption, TransportSecurity transport) {
    public IssuerConfig {
        Objects.requireNonNull(host, "listen host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: 0..65535, got " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max body size: at least 1024 bytes, got " + maxBodyBytes);
        }
        Objects.requireNonNull(tokens, "token settings");
        Objects.requireNonNull(passwords, "password settings");
        Objects.requireNonNull(throttle, "throttle settings");
        Objects.requireNonNull(keyEncryption, "key-encryption key");
        Objects.requireNonNull(transport, "transport security");
    }

    /** An issuer on plain HTTP, as in dev mode and tests. */
    public IssuerConfig(String host, int port, long maxBodyBytes, TokenConfig tokens, PasswordConfig passwords,
                        ThrottleConfig throttle, KeyEncryption keyEncryption) {
        this(host, port, maxBodyBytes, tokens, passwords, throttle, keyEncryption, TransportSecurity.plainHttp());
    }
}

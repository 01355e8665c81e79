package dev.gatehouse.server;

import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.http.tls.TransportSecurity;
import java.util.Objects;

/**
 * Everything the issuer needs besides its stores, validated before it starts.
 *
 * @param host          address to listen on
 * @param port          port to listen on; 0 picks a free one
 * @param maxBodyBytes  larger request bodies are refused with 413
 * @param transport     HTTPS, plain HTTP behind trusted proxies, or (dev mode and tests) plain HTTP
 * @param requests      how slowly a client may send a request, and how many header fields
 * @param management    a second plain-HTTP listener for health and metrics, or null: with one, metrics are
 *                      served there only
 * @param backchannelLogout timeouts and retries of back-channel logout deliveries
 */
public record IssuerConfig(String host, int port, long maxBodyBytes, TokenConfig tokens, PasswordConfig passwords,
                           ThrottleConfig throttle, KeyEncryption keyEncryption, TransportSecurity transport,
                           RequestLimits requests, ManagementListener management,
                           BackchannelLogoutConfig backchannelLogout) {
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
        Objects.requireNonNull(requests, "request limits");
        Objects.requireNonNull(backchannelLogout, "back-channel logout settings");
        if (management != null && management.port() != 0 && management.port() == port
                && management.host().equals(host)) {
            throw new IllegalArgumentException("management port: another port than the main listener's, got " + port);
        }
    }

    /** An issuer with default back-channel logout settings. */
    public IssuerConfig(String host, int port, long maxBodyBytes, TokenConfig tokens, PasswordConfig passwords,
                        ThrottleConfig throttle, KeyEncryption keyEncryption, TransportSecurity transport,
                        RequestLimits requests, ManagementListener management) {
        this(host, port, maxBodyBytes, tokens, passwords, throttle, keyEncryption, transport, requests, management,
                BackchannelLogoutConfig.defaults());
    }

    /** An issuer with default request limits and no management listener. */
    public IssuerConfig(String host, int port, long maxBodyBytes, TokenConfig tokens, PasswordConfig passwords,
                        ThrottleConfig throttle, KeyEncryption keyEncryption, TransportSecurity transport) {
        this(host, port, maxBodyBytes, tokens, passwords, throttle, keyEncryption, transport, RequestLimits.DEFAULTS, null);
    }

    public IssuerConfig withRequests(RequestLimits limits) {
        return new IssuerConfig(host, port, maxBodyBytes, tokens, passwords, throttle, keyEncryption, transport, limits,
                management, backchannelLogout);
    }

    public IssuerConfig withManagement(ManagementListener listener) {
        return new IssuerConfig(host, port, maxBodyBytes, tokens, passwords, throttle, keyEncryption, transport, requests,
                listener, backchannelLogout);
    }

    public IssuerConfig withBackchannelLogout(BackchannelLogoutConfig settings) {
        return new IssuerConfig(host, port, maxBodyBytes, tokens, passwords, throttle, keyEncryption, transport, requests,
                management, settings);
    }

    /** An issuer on plain HTTP, as in dev mode and tests. */
    public IssuerConfig(String host, int port, long maxBodyBytes, TokenConfig tokens, PasswordConfig passwords,
                        ThrottleConfig throttle, KeyEncryption keyEncryption) {
        this(host, port, maxBodyBytes, tokens, passwords, throttle, keyEncryption, TransportSecurity.plainHttp());
    }
}

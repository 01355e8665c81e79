package dev.gatehouse.app.config;

import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import java.net.URI;

/**
 * Where the issuer listens and how it names itself.
 *
 * @param requests   how slowly a client may send a request, and how many header fields
 * @param management the listener for health and metrics, or null
 * @param backchannelLogout timeouts and retries of back-channel logout deliveries
 */
public record ServerConfig(String host, int port, URI issuer, long maxBodyBytes, RequestLimits requests,
                           ManagementListener management, BackchannelLogoutConfig backchannelLogout) {}

package dev.gatehouse.app.config;

import dev.gatehouse.core.config.BrowserSessionConfig;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import java.net.URI;

/**
 * Where the issuer listens and how it names itself.
 *
 * @param requests   how slowly a client may send a request, and how many header fields
 * @param management the listener for health and metrics, or null
 * @param browserSessions idle and absolute limits of single sign-on in the browser
 */
public record ServerConfig(String host, int port, URI issuer, long maxBodyBytes, RequestLimits requests,
                           ManagementListener management, BrowserSessionConfig browserSessions) {}

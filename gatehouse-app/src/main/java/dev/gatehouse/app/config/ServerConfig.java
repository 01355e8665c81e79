package dev.gatehouse.app.config;

import dev.gatehouse.core.config.BrowserSessionConfig;
import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.server.pages.PagesConfig;
import java.net.URI;

/**
 * Where the issuer listens and how it names itself.
 *
 * @param requests   how slowly a client may send a request, and how many header fields
 * @param management the listener for health and metrics, or null
 * @param pages      the name on the hosted pages and the operator's directory of templates, texts and assets
 * @param browserSessions idle and absolute limits of single sign-on in the browser
 * @param backchannelLogout timeouts and retries of back-channel logout deliveries
 */
public record ServerConfig(String host, int port, URI issuer, long maxBodyBytes, RequestLimits requests,
                           ManagementListener management, PagesConfig pages, BrowserSessionConfig browserSessions,
                           BackchannelLogoutConfig backchannelLogout) {}

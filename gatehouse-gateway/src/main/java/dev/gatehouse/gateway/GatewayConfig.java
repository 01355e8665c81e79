package dev.gatehouse.gateway;

import dev.gatehouse.client.StrippedHeaders;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.http.tls.TransportSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the gateway needs to listen and route.
 *
 * @param host                  address to listen on
 * @param port                  port to listen on (0 picks a free one)
 * @param routes                at least one; no two with the same host and path
 * @param timeouts              upstream and idle timeouts
 * @param maxRequestHeaderBytes largest request line and headers accepted (1 KiB to 1 MiB)
 * @param realm                 the realm in Bearer challenges
 * @param upstreamCa            PEM file of the certificates trusted for https upstreams instead of the JVM's
 *                              default roots, or null for the defaults
 * @param transport             HTTPS from PEM files, plain HTTP from listed TLS-terminating proxies only, or
 *                              plain HTTP (development and tests)
 * @param requests              how slowly a client may send a request, and how many header fields
 * @param management            a second plain-HTTP listener for health and metrics, or null; with one, the
 *                              gateway's metrics are served there only
 * @param strippedHeaders       headers removed from every request before it is forwarded; null for
 *                              {@link StrippedHeaders#defaults()}
 */
public record GatewayConfig(String host, int port, List<Route> routes, Timeouts timeouts, int maxRequestHeaderBytes,
                            String realm, Path upstreamCa, TransportSecurity transport, RequestLimits requests,
                            ManagementListener management, StrippedHeaders strippedHeaders) {
    public static final int DEFAULT_PORT = 8443;
    public static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    public static final String DEFAULT_REALM = "gatehouse";

    public GatewayConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("gateway.listen.host: an address to listen on, got \"" + host + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gateway.listen.port: 0 to 65535, got " + port);
        }
        routes = List.copyOf(Objects.requireNonNull(routes, "gateway.routes"));
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("gateway.routes: at least one route, got none");
        }
        Set<String> seen = new HashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.name())) {
                throw new IllegalArgumentException("gateway.routes: two routes for host and path \"" + r.name() + "\"");
            }
        }
        timeouts = timeouts == null ? Timeouts.defaults() : timeouts;
        if (maxRequestHeaderBytes < 1024 || maxRequestHeaderBytes > 1024 * 1024) {
            throw new IllegalArgumentException("gateway.max_request_header_bytes: 1024 to 1048576, got " + maxRequestHeaderBytes);
        }
        if (realm == null || realm.isBlank() || realm.contains("\"") || realm.contains("\\")
                || realm.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("gateway.realm: a non-empty name without quotes, backslashes or control "
                    + "characters, got \"" + String.valueOf(realm).replaceAll("\\p{Cc}", "?") + "\"");
        }
        transport = transport == null ? TransportSecurity.plainHttp() : transport;
        requests = requests == null ? RequestLimits.DEFAULTS : requests;
        if (management != null && management.port() != 0 && management.port() == port) {
            throw new IllegalArgumentException("gateway.management.port: another port than gateway.listen.port, got " + port);
        }
        if (upstreamCa != null && !Files.isReadable(upstreamCa)) {
            throw new IllegalArgumentException("gateway.upstream_ca: a readable PEM file, got \"" + upstreamCa + "\"");
        }
        strippedHeaders = strippedHeaders == null ? StrippedHeaders.defaults() : strippedHeaders;
    }

    /** A gateway with default request limits, no management listener, and the default headers stripped. */
    public GatewayConfig(String host, int port, List<Route> routes, Timeouts timeouts, int maxRequestHeaderBytes,
                         String realm, Path upstreamCa, TransportSecurity transport) {
        this(host, port, routes, timeouts, maxRequestHeaderBytes, realm, upstreamCa, transport, RequestLimits.DEFAULTS, null,
                null);
    }

    /** Listens on {@code host:port} with default timeouts, header limit and realm. */
    public static GatewayConfig of(String host, int port, List<Route> routes) {
        return new GatewayConfig(host, port, routes, Timeouts.defaults(), DEFAULT_MAX_REQUEST_HEADER_BYTES,
                DEFAULT_REALM,
                null, TransportSecurity.plainHttp());
    }

    public GatewayConfig withTimeouts(Timeouts t) {
        return new GatewayConfig(host, port, routes, t, maxRequestHeaderBytes, realm, upstreamCa, transport,
                requests, management, strippedHeaders);
    }

    public GatewayConfig withUpstreamCa(Path pem) {
        return new GatewayConfig(host, port, routes, timeouts, maxRequestHeaderBytes, realm, pem, transport,
                requests, management, strippedHeaders);
    }

    public GatewayConfig withTransport(TransportSecurity t) {
        return new GatewayConfig(host, port, routes, timeouts, maxRequestHeaderBytes, realm, upstreamCa, t, requests,
                management, strippedHeaders);
    }

    public GatewayConfig withRequests(RequestLimits limits) {
        return new GatewayConfig(host, port, routes, timeouts, maxRequestHeaderBytes, realm, upstreamCa, transport,
                limits, management, strippedHeaders);
    }

    public GatewayConfig withManagement(ManagementListener listener) {
        return new GatewayConfig(host, port, routes, timeouts, maxRequestHeaderBytes, realm, upstreamCa, transport,
                requests, listener, strippedHeaders);
    }

    public GatewayConfig withStrippedHeaders(StrippedHeaders s) {
        return new GatewayConfig(host, port, routes, timeouts, maxRequestHeaderBytes, realm, upstreamCa, transport,
                requests, management, s);
    }
}

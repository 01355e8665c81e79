package dev.gatehouse.gateway;

import static dev.gatehouse.client.VerifierDefaults.CLOCK_SKEW;
import static dev.gatehouse.client.VerifierDefaults.CLOCK_SKEW_MAX;
import static dev.gatehouse.client.VerifierDefaults.FAIL_CLOSED;
import static dev.gatehouse.client.VerifierDefaults.FEED_STALENESS;
import static dev.gatehouse.client.VerifierDefaults.FEED_STALENESS_MAX;
import static dev.gatehouse.client.VerifierDefaults.FEED_STALENESS_MIN;
import static dev.gatehouse.client.VerifierDefaults.TOKEN_CACHE_SIZE;
import static dev.gatehouse.client.VerifierDefaults.TOKEN_CACHE_SIZE_MAX;

import dev.gatehouse.client.StrippedHeaders;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.http.config.ConfigNode;
import dev.gatehouse.http.config.InvalidConfigException;
import dev.gatehouse.http.config.YamlConfig;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.http.tls.TrustedProxies;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads the {@code gateway:} section of a YAML file into a {@link GatewayConfig}, through a {@link ConfigNode}:
 * unknown keys, wrong types and values out of range are errors naming the key, e.g.
 * {@code gateway.routes[2].upstream}. A new key is its name in the known keys of its mapping below and one typed
 * read of it ({@code listen.integer("management_port", 0, 0, 65535)}). Keys are documented in docs/gateway.md:
 *
 * <pre>
 * gateway:
 *   listen: {host: 0.0.0.0, port: 8443, tls: {certificate: /etc/gatehouse/tls/cert.pem, private_key: /etc/gatehouse/tls/key.pem}}
 *   trusted_proxies: []        # or, instead of listen.tls, the TLS-terminating proxies in front
 *   hsts_max_age: 365d
 *   realm: gatehouse
 *   max_request_header_bytes: 16384
 *   max_request_headers: 100   # more header fields get 431
 *   min_request_body_rate: 256 # bytes/s a request body must average once request_body_grace has passed; 0: off
 *   timeouts: {connect: 5s, idle: 60s, response: 30s, request_headers: 10s, request_body_grace: 10s}
 *   management: {host: 127.0.0.1, port: 9090}   # optional: health and metrics there, metrics no longer on listen
 *   upstream_ca: /etc/gatehouse/internal-ca.pem
 *   strip_headers: [X-User-Id, X-Roles, X-Tenant-*]   # removed from every request, besides the defaults
 *   routes:
 *     - {host: api.example.com, path: /orders, upstream: http://orders:8080, audience: https://api.example.com,
 *        scopes: [orders:read], roles: [], strip_prefix: false, preserve_host: false}
 *     - {path: /, upstream: http://web:8080, public: true}
 * </pre>
 */
public final class GatewayYaml {
    public static final String SECTION = "gateway";
    private static final Set<String> TOP = Set.of("listen", "realm", "max_request_header_bytes", "timeouts", "routes",
            "upstream_ca", "issuer", "trusted_proxies", "hsts_max_age", "strip_headers", "max_request_headers",
            "min_request_body_rate", "management");
    private static final Set<String> ISSUER = Set.of("url", "client_id", "max_feed_staleness", "fail_closed",
            "token_cache_size", "clock_skew", "ca");
    private static final Set<String> LISTEN = Set.of("host", "port", "tls", "plain_http");
    private static final Set<String> TLS = Set.of("certificate", "private_key");
    private static final Set<String> TIMEOUTS = Set.of("connect", "idle", "response", "request_headers",
            "request_body_grace");
    private static final Set<String> MANAGEMENT = Set.of("host", "port");
    private static final Set<String> ROUTE = Set.of("host", "path", "upstream", "public", "audience", "scopes", "roles",
            "strip_prefix", "preserve_host");

    private final String origin;

    private GatewayYaml(String origin) {
        this.origin = origin;
    }

    /** What {@code ./gatehouse gateway} runs with: where it listens and routes, and how it reaches its issuer. */
    public record Settings(GatewayConfig gateway, IssuerLink issuer) {}

    /**
     * Environment variables that override single keys of the file, for what differs between the instances of one
     * deployment. Lists are comma-separated.
     */
    public static final Map<String, List<String>> ENVIRONMENT = Map.of(
            "GATEHOUSE_GATEWAY_HOST", List.of("listen", "host"),
            "GATEHOUSE_GATEWAY_PORT", List.of("listen", "port"),
            "GATEHOUSE_GATEWAY_TLS_CERTIFICATE", List.of("listen", "tls", "certificate"),
            "GATEHOUSE_GATEWAY_TLS_PRIVATE_KEY", List.of("listen", "tls", "private_key"),
            "GATEHOUSE_GATEWAY_TRUSTED_PROXIES", List.of("trusted_proxies"),
            "GATEHOUSE_GATEWAY_ISSUER_URL", List.of("issuer", "url"),
            "GATEHOUSE_GATEWAY_CLIENT_ID", List.of("issuer", "client_id"),
            "GATEHOUSE_GATEWAY_MANAGEMENT_PORT", List.of("management", "port"));

    /** Reads the {@code gateway:} section of {@code file} with the {@link #ENVIRONMENT} overrides in {@code env}. */
    public static Settings read(Path file, Map<String, String> env) {
        Map<String, Object> section = mutable(section(file));
        List<String> used = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(ENVIRONMENT).entrySet()) {
            String value = env.get(e.getKey());
            if (value == null || value.isBlank()) {
                continue;
            }
            used.add(e.getKey());
            set(section, e.getValue(), e.getValue().getLast().equals("trusted_proxies")
                    ? List.of(value.trim().split("\\s*,\\s*"))
                    : new ConfigNode.Value(value.trim(), "environment variable " + e.getKey(), false));
        }
        String origin = "config file " + file + (used.isEmpty() ? "" : " with environment variables " + String.join(", ", used));
        GatewayYaml reader = new GatewayYaml(origin);
        ConfigNode gateway = node(section, origin);
        return guarded(() -> new Settings(reader.parse(gateway), reader.issuer(gateway)));
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> node, List<String> path, Object value) {
        for (String key : path.subList(0, path.size() - 1)) {
            Object child = node.get(key);
            if (!(child instanceof Map<?, ?>)) {
                child = new LinkedHashMap<String, Object>();
                node.put(key, child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(path.getLast(), value);
    }

    private static Map<String, Object> mutable(Map<?, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(String.valueOf(k), v instanceof Map<?, ?> m ? mutable(m) : v));
        return copy;
    }

    /** Reads the {@code gateway:} section of {@code file}; other top-level keys are left to their readers. */
    public static GatewayConfig read(Path file) {
        return fromSection(section(file), "config file " + file);
    }

    /** Reads {@code gateway.issuer} of {@code file}: how the gateway reaches its issuer. */
    public static IssuerLink readIssuer(Path file) {
        String origin = "config file " + file;
        ConfigNode gateway = node(section(file), origin);
        return guarded(() -> {
            gateway.onlyKnown(TOP);
            return new GatewayYaml(origin).issuer(gateway);
        });
    }

    private static Map<?, ?> section(Path file) {
        String origin = "config file " + file;
        Object doc = guarded(() -> YamlConfig.load(file, origin));
        if (!(doc instanceof Map<?, ?> top) || !(top.get(SECTION) instanceof Map<?, ?> section)) {
            throw new GatewayConfigException(origin + ": " + SECTION + ": a mapping is required");
        }
        return section;
    }

    private static ConfigNode node(Map<?, ?> section, String origin) {
        return ConfigNode.of(ConfigNode.Naming.KEYS, origin, SECTION, section);
    }

    /**
     * Builds the configuration from an already loaded {@code gateway:} mapping.
     *
     * @param origin where the mapping came from, for error messages (e.g. "config file /etc/gatehouse.yaml")
     */
    public static GatewayConfig fromSection(Map<?, ?> section, String origin) {
        return guarded(() -> new GatewayYaml(origin).parse(node(section, origin)));
    }

    private static <T> T guarded(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (InvalidConfigException e) {
            throw new GatewayConfigException(e.getMessage(), e);
        }
    }

    private GatewayConfig parse(ConfigNode gateway) {
        gateway.onlyKnown(TOP);
        ConfigNode listen = gateway.node("listen");
        listen.onlyKnown(LISTEN);
        String host = listen.string("host", "0.0.0.0");
        int port = listen.integer("port", GatewayConfig.DEFAULT_PORT, 0, 65535);
        String realm = gateway.string("realm", GatewayConfig.DEFAULT_REALM);
        int maxHeader = gateway.integer("max_request_header_bytes", GatewayConfig.DEFAULT_MAX_REQUEST_HEADER_BYTES, 1024,
                1024 * 1024);
        ConfigNode t = gateway.node("timeouts");
        t.onlyKnown(TIMEOUTS);
        Timeouts timeouts = build(t.path(), () -> new Timeouts(
                t.duration("connect", Timeouts.DEFAULT_CONNECT, ConfigNode.POSITIVE, Timeouts.MAX),
                t.duration("idle", Timeouts.DEFAULT_IDLE, ConfigNode.POSITIVE, Timeouts.MAX),
                t.duration("response", Timeouts.DEFAULT_RESPONSE, ConfigNode.POSITIVE, Timeouts.MAX)));
        RequestLimits defaults = RequestLimits.DEFAULTS;
        Duration headerTimeout = t.duration("request_headers", defaults.headerTimeout(), Duration.ofMillis(100), Timeouts.MAX);
        Duration bodyGrace = t.duration("request_body_grace", defaults.bodyGrace(), Duration.ZERO, Timeouts.MAX);
        int minBodyRate = gateway.integer("min_request_body_rate", (int) defaults.minBodyRate(), 0, 1024 * 1024 * 1024);
        int maxHeaders = gateway.integer("max_request_headers", defaults.maxHeaderCount(), 10, 10_000);
        RequestLimits requests = build(gateway.path(), () -> new RequestLimits(headerTimeout, minBodyRate, bodyGrace, maxHeaders));
        ConfigNode m = gateway.node("management");
        m.onlyKnown(MANAGEMENT);
        ManagementListener management = m.isEmpty() ? null : build(m.path(), () -> new ManagementListener(
                m.string("host", "127.0.0.1"), m.integer("port", 0, 0, 65535)));
        List<ConfigNode> routeNodes = gateway.nodes("routes");
        if (routeNodes.isEmpty()) {
            throw gateway.fail("routes", "a list of at least one route is required");
        }
        List<Route> routes = new ArrayList<>();
        for (ConfigNode r : routeNodes) {
            routes.add(route(r));
        }
        Path upstreamCa = gateway.path("upstream_ca").orElse(null);
        TransportSecurity transport = transport(gateway, listen);
        Set<String> strip = new LinkedHashSet<>(gateway.strings("strip_headers"));
        StrippedHeaders stripped = build(gateway.path() + ".strip_headers", () -> StrippedHeaders.defaults().and(strip));
        return build(SECTION, () -> new GatewayConfig(host, port, routes, timeouts, maxHeader, realm, upstreamCa, transport,
                requests, management, stripped));
    }

    /**
     * Tokens travel only over TLS: the gateway serves HTTPS itself, or plain HTTP to the listed TLS-terminating
     * proxies only; plain HTTP to anyone needs {@code listen.plain_http: true}, meant for development.
     */
    private TransportSecurity transport(ConfigNode gateway, ConfigNode listen) {
        ConfigNode tls = listen.node("tls");
        tls.onlyKnown(TLS);
        Set<String> proxies = new LinkedHashSet<>(gateway.words("trusted_proxies"));
        boolean plain = listen.bool("plain_http", false);
        Path certificate = tls.path("certificate").orElse(null);
        Path key = tls.path("private_key").orElse(null);
        if ((certificate == null) != (key == null)) {
            throw tls.fail("certificate and private_key go together");
        }
        if (plain && (certificate != null || !proxies.isEmpty())) {
            throw listen.fail("plain_http", "true contradicts listen.tls / trusted_proxies");
        }
        TransportSecurity t;
        if (certificate != null) {
            t = TransportSecurity.tls(certificate, key).withTrustedProxies(
                    build(gateway.place("trusted_proxies"), () -> TrustedProxies.of(proxies)));
        } else if (!proxies.isEmpty()) {
            t = build(gateway.place("trusted_proxies"), () -> TransportSecurity.behindProxies(List.copyOf(proxies)));
        } else if (plain) {
            if (gateway.has("hsts_max_age")) {
                throw gateway.fail("hsts_max_age", "has no effect with listen.plain_http: HSTS is sent on HTTPS "
                        + "answers only; leave it out, or give listen.tls or trusted_proxies");
            }
            return TransportSecurity.plainHttp();
        } else {
            throw listen.fail("tokens travel only over TLS: give listen.tls (certificate, private_key), or "
                    + "trusted_proxies (the TLS-terminating proxies in front), or plain_http: true for development");
        }
        if (gateway.has("hsts_max_age")) {
            Duration maxAge = gateway.duration("hsts_max_age", null, Duration.ZERO, null);
            t = t.withHsts(build(gateway.place("hsts_max_age"), () -> new TransportSecurity.Hsts(maxAge, false)));
        }
        return t;
    }

    /** The verifier's keys take their defaults and ranges from the SDK's {@code VerifierDefaults}. */
    private IssuerLink issuer(ConfigNode gateway) {
        ConfigNode i = gateway.node("issuer");
        i.onlyKnown(ISSUER);
        URI url = i.uri("url").orElseThrow(() -> i.fail("url", "is required: the issuer URL, exactly as tokens carry it in iss"));
        return build(i.path(), () -> new IssuerLink(url, i.string("client_id", null),
                i.duration("max_feed_staleness", FEED_STALENESS, FEED_STALENESS_MIN, FEED_STALENESS_MAX),
                i.bool("fail_closed", FAIL_CLOSED),
                i.integer("token_cache_size", TOKEN_CACHE_SIZE, 0, TOKEN_CACHE_SIZE_MAX),
                i.duration("clock_skew", CLOCK_SKEW, Duration.ZERO, CLOCK_SKEW_MAX),
                i.path("ca").orElse(null)));
    }

    private Route route(ConfigNode r) {
        r.onlyKnown(ROUTE);
        String path = r.requiredString("path");
        URI upstream = r.uri("upstream").orElseThrow(() -> r.fail("upstream", "is required"));
        return build(r.path(), () -> new Route(r.string("host", null), path, upstream, r.bool("public", false),
                r.string("audience", null), new LinkedHashSet<>(r.words("scopes")), new LinkedHashSet<>(r.words("roles")),
                r.bool("strip_prefix", false), r.bool("preserve_host", false)));
    }

    private <T> T build(String where, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new GatewayConfigException(origin + ": " + where + ": " + e.getMessage(), e);
        }
    }
}

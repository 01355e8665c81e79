package dev.gatehouse.gateway;

import dev.gatehouse.client.Durations;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.http.tls.TrustedProxies;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the {@code gateway:} section of a YAML file into a {@link GatewayConfig}. Unknown keys and wrong types
 * are errors naming the key, e.g. {@code gateway.routes[2].upstream}. Keys are documented in docs/gateway.md:
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
 *   routes:
 *     - {host: api.example.com, path: /orders, upstream: http://orders:8080, audience: https://api.example.com,
 *        scopes: [orders:read], roles: [], strip_prefix: false, preserve_host: false}
 *     - {path: /, upstream: http://web:8080, public: true}
 * </pre>
 */
public final class GatewayYaml {
    public static final String SECTION = "gateway";
    private static final Set<String> TOP = Set.of("listen", "realm", "max_request_header_bytes", "timeouts", "routes",
            "upstream_ca", "issuer", "trusted_proxies", "hsts_max_age", "max_request_headers", "min_request_body_rate",
            "management");
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
        for (Map.Entry<String, List<String>> e : new java.util.TreeMap<>(ENVIRONMENT).entrySet()) {
            String value = env.get(e.getKey());
            if (value == null || value.isBlank()) {
                continue;
            }
            used.add(e.getKey());
            set(section, e.getValue(), typed(e.getKey(), e.getValue(), value.trim()));
        }
        String origin = "config file " + file + (used.isEmpty() ? "" : " with environment variables " + String.join(", ", used));
        GatewayYaml reader = new GatewayYaml(origin);
        return new Settings(reader.parse(section), reader.issuer(section));
    }

    private static Object typed(String variable, List<String> path, String value) {
        if (path.getLast().equals("port")) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new GatewayConfigException("environment variable " + variable + ": a port number, got \"" + value + "\"");
            }
        }
        if (path.getLast().equals("trusted_proxies")) {
            return List.of(value.split("\\s*,\\s*"));
        }
        return value;
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
        Map<?, ?> section = section(file);
        GatewayYaml reader = new GatewayYaml("config file " + file);
        reader.onlyKnown(section, SECTION, TOP);
        return reader.issuer(section);
    }

    private static Map<?, ?> section(Path file) {
        Object doc;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader r = Files.newBufferedReader(file)) {
            doc = new Yaml(new SafeConstructor(options)).load(r);
        } catch (IOException e) {
            throw new GatewayConfigException("config file " + file + ": cannot read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new GatewayConfigException("config file " + file + ": not valid YAML: " + e.getMessage(), e);
        }
        String origin = "config file " + file;
        if (!(doc instanceof Map<?, ?> top) || !(top.get(SECTION) instanceof Map<?, ?> section)) {
            throw new GatewayConfigException(origin + ": " + SECTION + ": a mapping is required");
        }
        return section;
    }

    /**
     * Builds the configuration from an already loaded {@code gateway:} mapping.
     *
     * @param origin where the mapping came from, for error messages (e.g. "config file /etc/gatehouse.yaml")
     */
    public static GatewayConfig fromSection(Map<?, ?> section, String origin) {
        return new GatewayYaml(origin).parse(section);
    }

    private GatewayConfig parse(Map<?, ?> section) {
        onlyKnown(section, SECTION, TOP);
        Map<?, ?> listen = map(section, SECTION, "listen");
        onlyKnown(listen, SECTION + ".listen", LISTEN);
        String host = string(listen, SECTION + ".listen", "host", "0.0.0.0");
        int port = integer(listen, SECTION + ".listen", "port", GatewayConfig.DEFAULT_PORT);
        String realm = string(section, SECTION, "realm", GatewayConfig.DEFAULT_REALM);
        int maxHeader = integer(section, SECTION, "max_request_header_bytes", GatewayConfig.DEFAULT_MAX_REQUEST_HEADER_BYTES);
        Map<?, ?> t = map(section, SECTION, "timeouts");
        onlyKnown(t, SECTION + ".timeouts", TIMEOUTS);
        Timeouts timeouts = build(SECTION + ".timeouts", () -> new Timeouts(
                duration(t, SECTION + ".timeouts", "connect", Timeouts.DEFAULT_CONNECT),
                duration(t, SECTION + ".timeouts", "idle", Timeouts.DEFAULT_IDLE),
                duration(t, SECTION + ".timeouts", "response", Timeouts.DEFAULT_RESPONSE)));
        RequestLimits defaults = RequestLimits.DEFAULTS;
        Duration headerTimeout = duration(t, SECTION + ".timeouts", "request_headers", defaults.headerTimeout());
        Duration bodyGrace = duration(t, SECTION + ".timeouts", "request_body_grace", defaults.bodyGrace());
        int minBodyRate = integer(section, SECTION, "min_request_body_rate", (int) defaults.minBodyRate());
        int maxHeaders = integer(section, SECTION, "max_request_headers", defaults.maxHeaderCount());
        RequestLimits requests = build(SECTION, () -> new RequestLimits(headerTimeout, minBodyRate, bodyGrace, maxHeaders));
        Map<?, ?> m = map(section, SECTION, "management");
        onlyKnown(m, SECTION + ".management", MANAGEMENT);
        ManagementListener management = m.isEmpty() ? null : build(SECTION + ".management", () -> new ManagementListener(
                string(m, SECTION + ".management", "host", "127.0.0.1"), integer(m, SECTION + ".management", "port", 0)));
        Object routesNode = section.get("routes");
        if (!(routesNode instanceof List<?> list) || list.isEmpty()) {
            throw error(SECTION + ".routes", "a list of at least one route is required");
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = SECTION + ".routes[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> r)) {
                throw error(where, "must be a mapping");
            }
            routes.add(route(r, where));
        }
        Path upstreamCa = path(section, SECTION, "upstream_ca");
        TransportSecurity transport = transport(section, listen);
        return build(SECTION, () -> new GatewayConfig(host, port, routes, timeouts, maxHeader, realm, upstreamCa, transport,
                requests, management));
    }

    /**
     * Tokens travel only over TLS: the gateway serves HTTPS itself, or plain HTTP to the listed TLS-terminating
     * proxies only; plain HTTP to anyone needs {@code listen.plain_http: true}, meant for development.
     */
    private TransportSecurity transport(Map<?, ?> section, Map<?, ?> listen) {
        Map<?, ?> tls = map(listen, SECTION + ".listen", "tls");
        onlyKnown(tls, SECTION + ".listen.tls", TLS);
        Set<String> proxies = strings(section, SECTION, "trusted_proxies");
        boolean plain = bool(listen, SECTION + ".listen", "plain_http");
        Path certificate = path(tls, SECTION + ".listen.tls", "certificate");
        Path key = path(tls, SECTION + ".listen.tls", "private_key");
        if ((certificate == null) != (key == null)) {
            throw error(SECTION + ".listen.tls", "certificate and private_key go together");
        }
        if (plain && (certificate != null || !proxies.isEmpty())) {
            throw error(SECTION + ".listen.plain_http", "true contradicts listen.tls / trusted_proxies");
        }
        TransportSecurity t;
        if (certificate != null) {
            t = TransportSecurity.tls(certificate, key).withTrustedProxies(
                    build(SECTION + ".trusted_proxies", () -> TrustedProxies.of(proxies)));
        } else if (!proxies.isEmpty()) {
            t = build(SECTION + ".trusted_proxies", () -> TransportSecurity.behindProxies(List.copyOf(proxies)));
        } else if (plain) {
            if (section.get("hsts_max_age") != null) {
                throw error(SECTION + ".hsts_max_age", "has no effect with listen.plain_http: HSTS is sent on HTTPS "
                        + "answers only; leave it out, or give listen.tls or trusted_proxies");
            }
            return TransportSecurity.plainHttp();
        } else {
            throw error(SECTION + ".listen", "tokens travel only over TLS: give listen.tls (certificate, private_key), or "
                    + "trusted_proxies (the TLS-terminating proxies in front), or plain_http: true for development");
        }
        if (section.get("hsts_max_age") != null) {
            Duration maxAge = duration(section, SECTION, "hsts_max_age", null);
            t = t.withHsts(build(SECTION + ".hsts_max_age", () -> new TransportSecurity.Hsts(maxAge, false)));
        }
        return t;
    }

    private IssuerLink issuer(Map<?, ?> section) {
        String where = SECTION + ".issuer";
        Map<?, ?> i = map(section, SECTION, "issuer");
        onlyKnown(i, where, ISSUER);
        String url = string(i, where, "url", null);
        if (url == null || url.isEmpty()) {
            throw error(where + ".url", "is required: the issuer URL, exactly as tokens carry it in iss");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw error(where + ".url", "not a URI: \"" + url + "\"");
        }
        Object failClosed = i.get("fail_closed");
        Path ca = path(i, where, "ca");
        return build(where, () -> new IssuerLink(uri, string(i, where, "client_id", null),
                duration(i, where, "max_feed_staleness", IssuerLink.DEFAULT_MAX_FEED_STALENESS),
                failClosed == null || bool(i, where, "fail_closed"),
                integer(i, where, "token_cache_size", IssuerLink.DEFAULT_TOKEN_CACHE_SIZE),
                duration(i, where, "clock_skew", IssuerLink.DEFAULT_CLOCK_SKEW),
                ca));
    }

    private Route route(Map<?, ?> r, String where) {
        onlyKnown(r, where, ROUTE);
        String path = string(r, where, "path", null);
        if (path == null) {
            throw error(where + ".path", "is required");
        }
        String upstreamText = string(r, where, "upstream", null);
        if (upstreamText == null) {
            throw error(where + ".upstream", "is required");
        }
        URI upstream;
        try {
            upstream = new URI(upstreamText);
        } catch (URISyntaxException e) {
            throw error(where + ".upstream", "not a URI: \"" + upstreamText + "\"");
        }
        return build(where, () -> new Route(string(r, where, "host", null), path, upstream,
                bool(r, where, "public"), string(r, where, "audience", null), strings(r, where, "scopes"),
                strings(r, where, "roles"), bool(r, where, "strip_prefix"), bool(r, where, "preserve_host")));
    }

    private <T> T build(String where, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new GatewayConfigException(origin + ": " + where + ": " + e.getMessage(), e);
        }
    }

    private void onlyKnown(Map<?, ?> node, String where, Set<String> known) {
        for (Object key : node.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw error(where, "unknown key \"" + key + "\"; known keys: " + known.stream().sorted().toList());
            }
        }
    }

    private Map<?, ?> map(Map<?, ?> node, String where, String key) {
        Object v = node.get(key);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw error(where + "." + key, "must be a mapping, got \"" + v + "\"");
    }

    private String string(Map<?, ?> node, String where, String key, String fallback) {
        Object v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            throw error(where + "." + key, "must be a single value");
        }
        return String.valueOf(v).trim();
    }

    /** A file path, or null when the key is absent or empty. */
    private Path path(Map<?, ?> node, String where, String key) {
        String v = string(node, where, key, null);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw error(where + "." + key, "not a file path: " + e.getMessage());
        }
    }

    private int integer(Map<?, ?> node, String where, String key, int fallback) {
        Object v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer i) {
            return i;
        }
        throw error(where + "." + key, "must be a whole number, got \"" + v + "\"");
    }

    private boolean bool(Map<?, ?> node, String where, String key) {
        Object v = node.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(where + "." + key, "must be true or false, got \"" + v + "\"");
    }

    private Set<String> strings(Map<?, ?> node, String where, String key) {
        Object v = node.get(key);
        if (v == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o == null || o instanceof Map<?, ?> || o instanceof Collection<?> || String.valueOf(o).isBlank()) {
                    throw error(where + "." + key, "must be a list of names, got \"" + v + "\"");
                }
                out.add(String.valueOf(o).trim());
            }
            return out;
        }
        if (v instanceof String s) {
            // also accept the space-separated form used in tokens: "orders:read orders:write"
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
            return out;
        }
        throw error(where + "." + key, "must be a list of names, got \"" + v + "\"");
    }

    private Duration duration(Map<?, ?> node, String where, String key, Duration fallback) {
        Object v = node.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Durations.parse(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw error(where + "." + key, "a " + Durations.EXPECTED + ", got \"" + v + "\"");
        }
    }

    private GatewayConfigException error(String key, String message) {
        return new GatewayConfigException(origin + ": " + key + ": " + message);
    }
}

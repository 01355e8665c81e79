package dev.gatehouse.app.config;

import dev.gatehouse.client.Durations;
import static dev.gatehouse.app.config.Setting.*;

import com.nimbusds.jose.JWSAlgorithm;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.http.tls.TrustedProxies;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The validated configuration of {@code gatehouse serve}, one record per area. */
public record GatehouseConfig(boolean dev, ServerConfig server, TransportConfig transport, StorageConfig storage,
                              TokenConfig tokens, PasswordConfig passwords, KeyConfig keys, BootstrapConfig bootstrap) {

    public static final int DEFAULT_PORT = 8080;
    public static final long MAX_BODY_LIMIT = 16L * 1024 * 1024;

    /** @throws ConfigException naming the first invalid setting, its source and value */
    public static GatehouseConfig from(Settings s) {
        boolean dev = s.parse(DEV, false, GatehouseConfig::bool, "true or false");
        String host = s.parse(HOST, "127.0.0.1", GatehouseConfig::host, "a host name or IP address");
        int port = s.parse(PORT, DEFAULT_PORT, v -> intIn(v, 0, 65535), "an integer 0..65535");
        TransportConfig transport = transport(s);
        URI issuer = s.parse(ISSUER, null, GatehouseConfig::issuer,
                "an absolute http(s) URL without query or fragment, such as https://auth.example.com");
        if (issuer == null) {
            if (port == 0) {
                throw new ConfigException("issuer: must be set when port is 0 (the public URL cannot be guessed)");
            }
            if (!transport.https() && !transport.trustedProxies().isEmpty()) {
                throw new ConfigException("issuer: must be set when trusted-proxies is set (the public URL is the "
                        + "proxy's, which cannot be guessed)");
            }
            issuer = defaultIssuer(transport.https() ? "https" : "http", host, port);
        }
        long maxBody = s.parse(MAX_BODY_BYTES, 64L * 1024, v -> longIn(v, 1024, MAX_BODY_LIMIT),
                "an integer 1024.." + MAX_BODY_LIMIT);
        RequestLimits d = RequestLimits.DEFAULTS;
        RequestLimits requests = new RequestLimits(duration(s, REQUEST_HEADER_TIMEOUT, d.headerTimeout()),
                s.parse(MIN_REQUEST_BODY_RATE, d.minBodyRate(), v -> longIn(v, 0, 1024L * 1024 * 1024), "an integer 0..1073741824"),
                s.parse(REQUEST_BODY_GRACE, d.bodyGrace(), v -> {
                    Duration grace = Durations.parse(v);
                    if (grace.isNegative()) {
                        throw new IllegalArgumentException();
                    }
                    return grace;
                }, "a " + Durations.EXPECTED + ", not negative"),
                s.parse(MAX_REQUEST_HEADERS, d.maxHeaderCount(), v -> intIn(v, 10, 10_000), "an integer 10..10000"));
        Integer managementPort = s.parse(MANAGEMENT_PORT, null, v -> intIn(v, 0, 65535), "an integer 0..65535");
        String managementHost = s.parse(MANAGEMENT_HOST, "127.0.0.1", GatehouseConfig::host, "a host name or IP address");
        if (managementPort != null && managementPort != 0 && managementPort == port) {
            throw new ConfigException("management-port: another port than port, got " + managementPort);
        }
        ManagementListener management = managementPort == null ? null : new ManagementListener(managementHost, managementPort);
        ServerConfig server = new ServerConfig(host, port, issuer, maxBody, requests, management);

        Path dataDir = s.parse(DATA_DIR, Path.of("data"), GatehouseConfig::path, "a directory path");
        Optional<String> dbUrl = Optional.ofNullable(s.parse(DATABASE_URL, null, GatehouseConfig::jdbcUrl,
                "a JDBC URL starting with jdbc:"));
        StorageConfig storage = new StorageConfig(dataDir, dbUrl, s.parse(DATABASE_USER, "", v -> v, ""),
                s.parse(DATABASE_PASSWORD, "", v -> v, ""));

        TokenConfig tokens = tokens(s, issuer);

        PasswordConfig passwords = new PasswordConfig(
                s.parse(ARGON2_MEMORY_KIB, 19 * 1024, v -> intIn(v, 8 * 1024, 4 * 1024 * 1024), "an integer 8192..4194304 (KiB)"),
                s.parse(ARGON2_ITERATIONS, 2, v -> intIn(v, 1, 100), "an integer 1..100"),
                s.parse(ARGON2_PARALLELISM, 1, v -> intIn(v, 1, 64), "an integer 1..64"));

        KeyConfig keys = new KeyConfig(
                Optional.ofNullable(s.parse(KEY_ENCRYPTION_KEY, null, GatehouseConfig::kek,
                        "base64 of 32 random bytes (generate one with: openssl rand -base64 32)")),
                Optional.ofNullable(s.parse(KEY_ENCRYPTION_KEY_FILE, null, GatehouseConfig::path, "a file path")),
                dev);
        if (keys.key().isPresent() && keys.keyFile().isPresent()) {
            throw new ConfigException("key-encryption-key and key-encryption-key-file are both set ("
                    + s.get(KEY_ENCRYPTION_KEY).orElseThrow().origin() + ", "
                    + s.get(KEY_ENCRYPTION_KEY_FILE).orElseThrow().origin() + "); set only one");
        }

        BootstrapConfig bootstrap = new BootstrapConfig(
                Optional.ofNullable(s.parse(PROVISIONING, null, GatehouseConfig::path, "a file path")),
                s.parse(BOOTSTRAP_ADMIN_USERNAME, "admin", GatehouseConfig::username,
                        "1-128 characters of letters, digits and . _ @ + -"),
                Optional.ofNullable(s.parse(BOOTSTRAP_ADMIN_PASSWORD, null, GatehouseConfig::password,
                        "8 to 1024 characters")));
        s.parse(LOG_FORMAT, "plain", GatehouseConfig::logFormat, "plain or json");
        return new GatehouseConfig(dev, server, transport, storage, tokens, passwords, keys, bootstrap);
    }

    public IssuerConfig issuerConfig(KeyEncryption keyEncryption, TransportSecurity transportSecurity) {
        return new IssuerConfig(server.host(), server.port(), server.maxBodyBytes(), tokens, passwords,
                ThrottleConfig.defaults(), keyEncryption, transportSecurity, server.requests(), server.management());
    }

    private static TransportConfig transport(Settings s) {
        Optional<Path> certificate = Optional.ofNullable(s.parse(TLS_CERTIFICATE, null, GatehouseConfig::path, "a file path"));
        Optional<Path> key = Optional.ofNullable(s.parse(TLS_PRIVATE_KEY, null, GatehouseConfig::path, "a file path"));
        if (certificate.isPresent() != key.isPresent()) {
            Setting given = certificate.isPresent() ? TLS_CERTIFICATE : TLS_PRIVATE_KEY;
            Setting missing = certificate.isPresent() ? TLS_PRIVATE_KEY : TLS_CERTIFICATE;
            throw new ConfigException(given.key() + " is set (" + s.get(given).orElseThrow().origin() + ") but "
                    + missing.key() + " is not; set both");
        }
        boolean selfSigned = s.parse(TLS_SELF_SIGNED, false, GatehouseConfig::bool, "true or false");
        if (selfSigned && certificate.isPresent()) {
            throw new ConfigException("tls-self-signed and tls-certificate are both set; set only one");
        }
        TrustedProxies proxies = s.parse(TRUSTED_PROXIES, TrustedProxies.none(),
                v -> TrustedProxies.of(TransportConfig.splitList(v)),
                "comma-separated IP addresses, CIDR blocks (10.0.0.0/8) or ranges (10.0.0.1-10.0.0.9); no host names");
        Duration maxAge = s.parse(HSTS_MAX_AGE, TransportSecurity.Hsts.DEFAULT.maxAge(), v -> {
            Duration parsed = Durations.parse(v);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException();
            }
            return parsed;
        }, "a " + Durations.EXPECTED + ", not negative");
        boolean includeSubDomains = s.parse(HSTS_INCLUDE_SUBDOMAINS, false, GatehouseConfig::bool, "true or false");
        return new TransportConfig(certificate, key, selfSigned, proxies,
                new TransportSecurity.Hsts(maxAge, includeSubDomains));
    }

    private static TokenConfig tokens(Settings s, URI issuer) {
        TokenConfig d = TokenConfig.defaults(issuer);
        Duration access = duration(s, ACCESS_TOKEN_TTL, d.accessTokenTtl());
        Duration maxAccess = duration(s, MAX_ACCESS_TOKEN_TTL, d.maxAccessTokenTtl());
        Duration idToken = duration(s, ID_TOKEN_TTL, d.idTokenTtl());
        Duration idle = duration(s, REFRESH_IDLE_TTL, d.refreshIdleTtl());
        Duration absolute = duration(s, REFRESH_ABSOLUTE_TTL, d.refreshAbsoluteTtl());
        JWSAlgorithm alg = s.parse(SIGNING_ALGORITHM, d.signingAlgorithm(), GatehouseConfig::algorithm,
                "one of ES256, EdDSA, RS256");
        Duration prePublish = s.parse(KEY_PRE_PUBLISH, d.keyPrePublish(), v -> {
            Duration parsed = Durations.parse(v);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException();
            }
            return parsed;
        }, "a " + Durations.EXPECTED + ", not negative");
        notAbove(s, ACCESS_TOKEN_TTL, access, MAX_ACCESS_TOKEN_TTL, maxAccess);
        notAbove(s, REFRESH_IDLE_TTL, idle, REFRESH_ABSOLUTE_TTL, absolute);
        return new TokenConfig(issuer, access, maxAccess, idToken, idle, absolute, alg, prePublish);
    }

    private static Duration duration(Settings s, Setting setting, Duration fallback) {
        return s.parse(setting, fallback, v -> {
            Duration d = Durations.parse(v);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        }, "a positive " + Durations.EXPECTED);
    }

    private static void notAbove(Settings s, Setting lower, Duration lowerValue, Setting upper, Duration upperValue) {
        if (lowerValue.compareTo(upperValue) > 0) {
            throw new ConfigException(lower.key() + " " + describe(s, lower, lowerValue) + " exceeds " + upper.key() + " "
                    + describe(s, upper, upperValue));
        }
    }

    private static String describe(Settings s, Setting setting, Object value) {
        return s.get(setting).map(v -> v.shown() + " (from " + v.origin() + ")")
                .orElse(value + " (default)");
    }

    private static URI defaultIssuer(String scheme, String host, int port) {
        String h = switch (host) {
            case "0.0.0.0", "::", "[::]" -> "localhost";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return URI.create(scheme + "://" + h + ":" + port);
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException();
        };
    }

    private static String host(String v) {
        if (v.isEmpty() || v.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static int intIn(String v, int min, int max) {
        return (int) longIn(v, min, max);
    }

    private static long longIn(String v, long min, long max) {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException();
        }
        return n;
    }

    private static URI issuer(String v) {
        String s = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null || s.endsWith("/")) {
            throw new IllegalArgumentException();
        }
        return uri;
    }

    private static Path path(String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException();
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String jdbcUrl(String v) {
        if (!v.startsWith("jdbc:")) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static JWSAlgorithm algorithm(String v) {
        return TokenConfig.SUPPORTED_ALGORITHMS.stream().filter(a -> a.getName().equalsIgnoreCase(v)).findFirst()
                .orElseThrow(IllegalArgumentException::new);
    }

    private static String kek(String v) {
        KeyEncryption.fromBase64(v);
        return v;
    }

    private static String username(String v) {
        if (!v.matches("[A-Za-z0-9._@+-]{1,128}")) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static String password(String v) {
        if (v.length() < 8 || v.length() > 1024) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static String logFormat(String v) {
        return LogFormat.parse(v).name();
    }
}

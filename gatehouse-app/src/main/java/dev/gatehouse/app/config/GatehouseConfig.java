package dev.gatehouse.app.config;

import static dev.gatehouse.app.config.Setting.*;

import com.nimbusds.jose.JWSAlgorithm;
import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.core.config.BrowserSessionConfig;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.server.pages.PagesConfig;
import dev.gatehouse.http.config.ConfigNode;
import dev.gatehouse.http.config.InvalidConfigException;
import dev.gatehouse.store.jdbc.DatabaseTimeouts;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.http.tls.TrustedProxies;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The validated configuration of {@code gatehouse serve}, one record per area. */
public record GatehouseConfig(boolean dev, ServerConfig server, TransportConfig transport, StorageConfig storage,
                              TokenConfig tokens, PasswordConfig passwords, KeyConfig keys, BootstrapConfig bootstrap) {

    public static final int DEFAULT_PORT = 8080;
    public static final long MAX_BODY_LIMIT = 16L * 1024 * 1024;

    /** @throws ConfigException naming the first invalid setting, its source and value */
    public static GatehouseConfig from(Settings s) {
        try {
            return read(s, s.node());
        } catch (InvalidConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** Each setting is one typed read of the flat node {@code n}, keyed by {@link Setting#key()}. */
    private static GatehouseConfig read(Settings s, ConfigNode n) {
        boolean dev = n.bool(DEV.key(), false);
        String host = n.value(HOST.key(), "127.0.0.1", GatehouseConfig::host, "a host name or IP address");
        int port = n.integer(PORT.key(), DEFAULT_PORT, 0, 65535);
        TransportConfig transport = transport(s, n);
        URI issuer = n.value(ISSUER.key(), null, GatehouseConfig::issuer,
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
        long maxBody = n.integer(MAX_BODY_BYTES.key(), 64 * 1024, 1024, (int) MAX_BODY_LIMIT);
        RequestLimits d = RequestLimits.DEFAULTS;
        RequestLimits requests = new RequestLimits(
                n.duration(REQUEST_HEADER_TIMEOUT.key(), d.headerTimeout(), Duration.ofMillis(100), null),
                n.integer(MIN_REQUEST_BODY_RATE.key(), (int) d.minBodyRate(), 0, 1024 * 1024 * 1024),
                n.duration(REQUEST_BODY_GRACE.key(), d.bodyGrace(), Duration.ZERO, null),
                n.integer(MAX_REQUEST_HEADERS.key(), d.maxHeaderCount(), 10, 10_000));
        Integer managementPort = n.has(MANAGEMENT_PORT.key()) ? n.integer(MANAGEMENT_PORT.key(), 0, 0, 65535) : null;
        String managementHost = n.value(MANAGEMENT_HOST.key(), "127.0.0.1", GatehouseConfig::host, "a host name or IP address");
        if (managementPort != null && managementPort != 0 && managementPort == port) {
            throw new ConfigException("management-port: another port than port, got " + managementPort);
        }
        ManagementListener management = managementPort == null ? null : new ManagementListener(managementHost, managementPort);
        PagesConfig pages = new PagesConfig(
                Optional.ofNullable(n.value(PAGES_DIRECTORY.key(), null, GatehouseConfig::directory, "an existing directory")),
                n.value(DISPLAY_NAME.key(), PagesConfig.DEFAULT_DISPLAY_NAME, GatehouseConfig::displayName,
                        "1-" + PagesConfig.MAX_DISPLAY_NAME_LENGTH + " characters without control characters"));
        Duration browserIdle = n.duration(BROWSER_SESSION_IDLE.key(), BrowserSessionConfig.DEFAULT_IDLE, ConfigNode.POSITIVE, null);
        Duration browserMax = n.duration(BROWSER_SESSION_MAX.key(), BrowserSessionConfig.DEFAULT_MAX, ConfigNode.POSITIVE, null);
        notAbove(s, BROWSER_SESSION_IDLE, browserIdle, BROWSER_SESSION_MAX, browserMax);
        ServerConfig server = new ServerConfig(host, port, issuer, maxBody, requests, management, pages,
                new BrowserSessionConfig(browserIdle, browserMax), backchannelLogout(n));

        Path dataDir = n.path(DATA_DIR.key()).orElse(Path.of("data"));
        Optional<String> dbUrl = Optional.ofNullable(n.value(DATABASE_URL.key(), null, GatehouseConfig::jdbcUrl,
                "a JDBC URL starting with jdbc:"));
        StorageConfig storage = new StorageConfig(dataDir, dbUrl, n.value(DATABASE_USER.key(), "", v -> v, "text"),
                n.value(DATABASE_PASSWORD.key(), "", v -> v, "text"), databaseTimeouts(s, n));

        TokenConfig tokens = tokens(s, n, issuer);

        PasswordConfig passwords = new PasswordConfig(
                n.integer(ARGON2_MEMORY_KIB.key(), 19 * 1024, 8 * 1024, 4 * 1024 * 1024),
                n.integer(ARGON2_ITERATIONS.key(), 2, 1, 100),
                n.integer(ARGON2_PARALLELISM.key(), 1, 1, 64));

        KeyConfig keys = new KeyConfig(
                Optional.ofNullable(n.value(KEY_ENCRYPTION_KEY.key(), null, GatehouseConfig::kek,
                        "base64 of 32 random bytes (generate one with: openssl rand -base64 32)")),
                n.path(KEY_ENCRYPTION_KEY_FILE.key()),
                dev);
        if (keys.key().isPresent() && keys.keyFile().isPresent()) {
            throw new ConfigException("key-encryption-key and key-encryption-key-file are both set ("
                    + s.get(KEY_ENCRYPTION_KEY).orElseThrow().origin() + ", "
                    + s.get(KEY_ENCRYPTION_KEY_FILE).orElseThrow().origin() + "); set only one");
        }

        BootstrapConfig bootstrap = new BootstrapConfig(
                n.path(PROVISIONING.key()),
                n.value(BOOTSTRAP_ADMIN_USERNAME.key(), "admin", GatehouseConfig::username,
                        "1-128 characters of letters, digits and . _ @ + -"),
                Optional.ofNullable(n.value(BOOTSTRAP_ADMIN_PASSWORD.key(), null, GatehouseConfig::password,
                        "8 to 1024 characters")));
        n.value(LOG_FORMAT.key(), "plain", GatehouseConfig::logFormat, "plain or json");
        return new GatehouseConfig(dev, server, transport, storage, tokens, passwords, keys, bootstrap);
    }

    public IssuerConfig issuerConfig(KeyEncryption keyEncryption, TransportSecurity transportSecurity) {
        return new IssuerConfig(server.host(), server.port(), server.maxBodyBytes(), tokens, passwords,
                ThrottleConfig.defaults(), keyEncryption, transportSecurity, server.requests(), server.management(),
                server.pages(), server.browserSessions(), server.backchannelLogout());
    }

    private static BackchannelLogoutConfig backchannelLogout(ConfigNode n) {
        BackchannelLogoutConfig d = BackchannelLogoutConfig.defaults();
        Duration timeout = n.duration(BACKCHANNEL_LOGOUT_TIMEOUT.key(), d.requestTimeout(), Duration.ofMillis(100),
                Duration.ofMinutes(1));
        return new BackchannelLogoutConfig(timeout, timeout,
                n.integer(BACKCHANNEL_LOGOUT_ATTEMPTS.key(), d.maxAttempts(), 1, 20),
                n.duration(BACKCHANNEL_LOGOUT_RETRY_DELAY.key(), d.firstRetryDelay(), Duration.ofSeconds(1),
                        Duration.ofHours(1)),
                d.tokenTtl(), d.pollInterval(), d.batchSize());
    }

    private static TransportConfig transport(Settings s, ConfigNode n) {
        Optional<Path> certificate = n.path(TLS_CERTIFICATE.key());
        Optional<Path> key = n.path(TLS_PRIVATE_KEY.key());
        if (certificate.isPresent() != key.isPresent()) {
            Setting given = certificate.isPresent() ? TLS_CERTIFICATE : TLS_PRIVATE_KEY;
            Setting missing = certificate.isPresent() ? TLS_PRIVATE_KEY : TLS_CERTIFICATE;
            throw new ConfigException(given.key() + " is set (" + s.get(given).orElseThrow().origin() + ") but "
                    + missing.key() + " is not; set both");
        }
        boolean selfSigned = n.bool(TLS_SELF_SIGNED.key(), false);
        if (selfSigned && certificate.isPresent()) {
            throw new ConfigException("tls-self-signed and tls-certificate are both set; set only one");
        }
        TrustedProxies proxies = n.value(TRUSTED_PROXIES.key(), TrustedProxies.none(),
                v -> TrustedProxies.of(TransportConfig.splitList(v)),
                "comma-separated IP addresses, CIDR blocks (10.0.0.0/8) or ranges (10.0.0.1-10.0.0.9); no host names");
        Duration maxAge = n.duration(HSTS_MAX_AGE.key(), TransportSecurity.Hsts.DEFAULT.maxAge(), Duration.ZERO, null);
        boolean includeSubDomains = n.bool(HSTS_INCLUDE_SUBDOMAINS.key(), false);
        return new TransportConfig(certificate, key, selfSigned, proxies,
                new TransportSecurity.Hsts(maxAge, includeSubDomains));
    }

    private static DatabaseTimeouts databaseTimeouts(Settings s, ConfigNode n) {
        DatabaseTimeouts d = DatabaseTimeouts.defaults();
        Duration connect = n.duration(DATABASE_CONNECT_TIMEOUT.key(), d.connect(), DatabaseTimeouts.MIN_CONNECT, DatabaseTimeouts.MAX);
        Duration statement = n.duration(DATABASE_STATEMENT_TIMEOUT.key(), d.statement(), DatabaseTimeouts.MIN_STATEMENT,
                DatabaseTimeouts.MAX);
        Duration socket = n.duration(DATABASE_SOCKET_TIMEOUT.key(), d.socket(), DatabaseTimeouts.MIN_SOCKET, DatabaseTimeouts.MAX);
        if (socket.compareTo(statement) <= 0) {
            throw new ConfigException(DATABASE_SOCKET_TIMEOUT.key() + " " + describe(s, DATABASE_SOCKET_TIMEOUT, socket)
                    + " must exceed " + DATABASE_STATEMENT_TIMEOUT.key() + " "
                    + describe(s, DATABASE_STATEMENT_TIMEOUT, statement));
        }
        return new DatabaseTimeouts(connect, statement, socket);
    }

    private static TokenConfig tokens(Settings s, ConfigNode n, URI issuer) {
        TokenConfig d = TokenConfig.defaults(issuer);
        Duration access = n.duration(ACCESS_TOKEN_TTL.key(), d.accessTokenTtl(), ConfigNode.POSITIVE, null);
        Duration maxAccess = n.duration(MAX_ACCESS_TOKEN_TTL.key(), d.maxAccessTokenTtl(), ConfigNode.POSITIVE, null);
        Duration idToken = n.duration(ID_TOKEN_TTL.key(), d.idTokenTtl(), ConfigNode.POSITIVE, null);
        Duration idle = n.duration(REFRESH_IDLE_TTL.key(), d.refreshIdleTtl(), ConfigNode.POSITIVE, null);
        Duration absolute = n.duration(REFRESH_ABSOLUTE_TTL.key(), d.refreshAbsoluteTtl(), ConfigNode.POSITIVE, null);
        JWSAlgorithm alg = n.value(SIGNING_ALGORITHM.key(), d.signingAlgorithm(), GatehouseConfig::algorithm,
                "one of ES256, EdDSA, RS256");
        Duration prePublish = n.duration(KEY_PRE_PUBLISH.key(), d.keyPrePublish(), Duration.ZERO, null);
        notAbove(s, ACCESS_TOKEN_TTL, access, MAX_ACCESS_TOKEN_TTL, maxAccess);
        notAbove(s, REFRESH_IDLE_TTL, idle, REFRESH_ABSOLUTE_TTL, absolute);
        return new TokenConfig(issuer, access, maxAccess, idToken, idle, absolute, alg, prePublish);
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

    private static String host(String v) {
        if (v.isEmpty() || v.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new IllegalArgumentException();
        }
        return v;
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

    private static Path directory(String v) {
        Path p = Path.of(v);
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException();
        }
        return p;
    }

    private static String displayName(String v) {
        if (v.isBlank() || v.length() > PagesConfig.MAX_DISPLAY_NAME_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static String logFormat(String v) {
        return LogFormat.parse(v).name();
    }
}

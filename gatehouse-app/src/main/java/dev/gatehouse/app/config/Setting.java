package dev.gatehouse.app.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of {@code gatehouse serve}, with where it may come from. The YAML key is kebab-case, the
 * environment variable is {@code GATEHOUSE_} plus the key in upper snake case, the flag is {@code --key}.
 * Secrets are never accepted from a config file or a flag (both are easy to leak) and never printed.
 *
 * <p>A new setting is one constant here and one typed read of it in {@link GatehouseConfig}, such as
 * {@code n.duration(HEADER_READ_TIMEOUT.key(), Duration.ofSeconds(10), ConfigNode.POSITIVE, Duration.ofMinutes(5))};
 * file, environment variable, flag, help text and error messages follow from these two lines.
 */
public enum Setting {
    HOST("host", "HOST", "127.0.0.1", "address to listen on"),
    PORT("port", "PORT", "8080", "port to listen on (0 picks a free one)"),
    ISSUER("issuer", "URL", "http://<host>:<port>", "public issuer URL, as clients see it (iss claim)"),
    DATA_DIR("data-dir", "DIR", "./data", "directory for the embedded database and the dev-mode key"),
    DATABASE_URL("database-url", "JDBC_URL", "H2 file in <data-dir>", "JDBC URL of the database (H2 or PostgreSQL)"),
    DATABASE_USER("database-user", "USER", "(empty)", "database user"),
    DATABASE_PASSWORD("database-password", "PASSWORD", "(empty)", "database password", Sources.ENV_ONLY, true),
    DATABASE_CONNECT_TIMEOUT("database-connect-timeout", "DURATION", "5s",
            "longest wait for a database connection (from the pool, or to connect and log in); then 503"),
    DATABASE_STATEMENT_TIMEOUT("database-statement-timeout", "DURATION", "5s",
            "the database cancels a statement that runs longer; then 503"),
    DATABASE_SOCKET_TIMEOUT("database-socket-timeout", "DURATION", "10s",
            "PostgreSQL: a connection silent this long is dropped (then 503); longer than the statement timeout"),
    ACCESS_TOKEN_TTL("access-token-ttl", "DURATION", "5m", "default access token lifetime"),
    MAX_ACCESS_TOKEN_TTL("max-access-token-ttl", "DURATION", "1h", "longest access token lifetime any client may get"),
    ID_TOKEN_TTL("id-token-ttl", "DURATION", "5m", "ID token lifetime"),
    REFRESH_IDLE_TTL("refresh-idle-ttl", "DURATION", "8h", "a refresh token unused this long expires"),
    REFRESH_ABSOLUTE_TTL("refresh-absolute-ttl", "DURATION", "30d", "a login session ends this long after login"),
    BROWSER_SESSION_IDLE("browser-session-idle", "DURATION", "30m",
            "a browser sign-in (single sign-on) unused this long ends"),
    BROWSER_SESSION_MAX("browser-session-max", "DURATION", "12h",
            "a browser sign-in (single sign-on) ends this long after the password was entered"),
    SIGNING_ALGORITHM("signing-algorithm", "ALG", "ES256", "algorithm of new signing keys: ES256, EdDSA or RS256"),
    KEY_PRE_PUBLISH("key-pre-publish", "DURATION", "10m", "how long a new signing key is published before it signs"),
    KEY_ENCRYPTION_KEY("key-encryption-key", "BASE64", "(none)",
            "key-encryption key for signing keys at rest: base64 of 32 random bytes", Sources.ENV_ONLY, true),
    KEY_ENCRYPTION_KEY_FILE("key-encryption-key-file", "FILE", "(none)", "file holding the key-encryption key"),
    DEV("dev", "BOOL", "false", "dev mode: generates and keeps a key-encryption key in the data dir"),
    TLS_CERTIFICATE("tls-certificate", "FILE", "(none)", "PEM certificate chain: serve HTTPS (reloaded when the file changes)"),
    TLS_PRIVATE_KEY("tls-private-key", "FILE", "(none)", "PEM private key of the certificate (PKCS#8, EC or RSA, unencrypted)"),
    TLS_SELF_SIGNED("tls-self-signed", "BOOL", "false", "dev mode only: serve HTTPS with a self-signed certificate kept in the data dir"),
    TRUSTED_PROXIES("trusted-proxies", "ADDRESSES", "(none)",
            "comma-separated IPs/CIDR blocks of TLS-terminating proxies: only they may send plain HTTP and X-Forwarded-*"),
    HSTS_MAX_AGE("hsts-max-age", "DURATION", "365d", "max-age of the Strict-Transport-Security header on HTTPS responses"),
    HSTS_INCLUDE_SUBDOMAINS("hsts-include-subdomains", "BOOL", "false", "add includeSubDomains to Strict-Transport-Security"),
    ARGON2_MEMORY_KIB("argon2-memory-kib", "KIB", "19456", "Argon2id memory per password hash, in KiB"),
    ARGON2_ITERATIONS("argon2-iterations", "N", "2", "Argon2id iterations"),
    ARGON2_PARALLELISM("argon2-parallelism", "N", "1", "Argon2id parallelism"),
    MAX_BODY_BYTES("max-body-bytes", "BYTES", "65536", "larger request bodies are refused with 413"),
    MAX_REQUEST_HEADERS("max-request-headers", "N", "100", "requests with more header fields are refused with 431"),
    REQUEST_HEADER_TIMEOUT("request-header-timeout", "DURATION", "10s",
            "a request's line and headers must arrive within this time of their first byte, or the connection closes"),
    MIN_REQUEST_BODY_RATE("min-request-body-rate", "BYTES_PER_S", "256",
            "a request body slower than this on average, once request-body-grace has passed, closes the connection (0: off)"),
    REQUEST_BODY_GRACE("request-body-grace", "DURATION", "10s", "how long a request body may arrive at any pace"),
    MANAGEMENT_PORT("management-port", "PORT", "(none)",
            "port of a separate plain-HTTP listener for /health/* and /metrics; when set, /metrics leaves the main listener"),
    MANAGEMENT_HOST("management-host", "HOST", "127.0.0.1", "address of the management listener"),
    BACKCHANNEL_LOGOUT_TIMEOUT("backchannel-logout-timeout", "DURATION", "5s",
            "back-channel logout: longest wait to connect to a client, and again for its answer"),
    BACKCHANNEL_LOGOUT_ATTEMPTS("backchannel-logout-attempts", "N", "5",
            "back-channel logout: attempts per client before giving up"),
    BACKCHANNEL_LOGOUT_RETRY_DELAY("backchannel-logout-retry-delay", "DURATION", "30s",
            "back-channel logout: wait after the first failed attempt, doubled after each further one"),
    PROVISIONING("provisioning", "GATEHOUSE_PROVISIONING_FILE", "FILE", "(none)",
            "provisioning file of clients, users and roles, applied at every start"),
    BOOTSTRAP_ADMIN_USERNAME("bootstrap-admin-username", "NAME", "admin",
            "username of the first administrator, created when the database has no users"),
    BOOTSTRAP_ADMIN_PASSWORD("bootstrap-admin-password", "PASSWORD", "(generated, printed once)",
            "password of the first administrator", Sources.ENV_ONLY, true),
    PAGES_DIRECTORY("pages-directory", "DIR", "(built-in pages)",
            "directory of the operator's page templates (*.ftlh), texts (messages*.properties) and assets/ (logo, stylesheet)"),
    DISPLAY_NAME("display-name", "NAME", "Gatehouse", "the issuer's name on the sign-in, consent and logout pages"),
    LOG_FORMAT("log-format", "FORMAT", "plain", "log format: plain or json", Sources.ENV_ONLY, false);

    private final String key;
    private final String envVar;
    private final String paramLabel;
    private final String defaultText;
    private final String description;
    private final Set<Source> sources;
    private final boolean secret;

    Setting(String key, String paramLabel, String defaultText, String description) {
        this(key, paramLabel, defaultText, description, Sources.ALL, false);
    }

    Setting(String key, String envVar, String paramLabel, String defaultText, String description) {
        this(key, envVar, paramLabel, defaultText, description, Sources.ALL, false);
    }

    Setting(String key, String paramLabel, String defaultText, String description, Set<Source> sources, boolean secret) {
        this(key, "GATEHOUSE_" + key.toUpperCase(Locale.ROOT).replace('-', '_'), paramLabel, defaultText, description,
                sources, secret);
    }

    Setting(String key, String envVar, String paramLabel, String defaultText, String description, Set<Source> sources,
            boolean secret) {
        this.key = key;
        this.envVar = envVar;
        this.paramLabel = paramLabel;
        this.defaultText = defaultText;
        this.description = description;
        this.sources = sources;
        this.secret = secret;
    }

    public String key() {
        return key;
    }

    public String envVar() {
        return envVar;
    }

    public String flag() {
        return "--" + key;
    }

    public String paramLabel() {
        return paramLabel;
    }

    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return secret;
    }

    public boolean allowedFrom(Source source) {
        return sources.contains(source);
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** Where a value came from, lowest precedence first. */
    public enum Source { DEFAULT, FILE, ENV, FLAG }

    private static final class Sources {
        static final Set<Source> ALL = EnumSet.allOf(Source.class);
        static final Set<Source> ENV_ONLY = EnumSet.of(Source.DEFAULT, Source.ENV);
    }
}

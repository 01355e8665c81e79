package dev.gatehouse.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.server.pages.PagesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.gatehouse.store.jdbc.DatabaseTimeouts;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatehouseConfigTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "HOST, 'bad host'",
            "PORT, 80x",
            "PORT, 70000",
            "ISSUER, ftp://auth.example.com",
            "ISSUER, https://auth.example.com/?q=1",
            "ISSUER, not a url",
            "DATABASE_URL, postgres://localhost/db",
            "ACCESS_TOKEN_TTL, 5x",
            "ACCESS_TOKEN_TTL, 0s",
            "MAX_ACCESS_TOKEN_TTL, soon",
            "ID_TOKEN_TTL, -5m",
            "REFRESH_IDLE_TTL, 8 hours",
            "REFRESH_ABSOLUTE_TTL, P1X",
            "SIGNING_ALGORITHM, HS256",
            "KEY_PRE_PUBLISH, later",
            "DEV, maybe",
            "ARGON2_MEMORY_KIB, 1024",
            "ARGON2_ITERATIONS, 0",
            "ARGON2_PARALLELISM, 65",
            "MAX_BODY_BYTES, 10",
            "BOOTSTRAP_ADMIN_USERNAME, 'has space'",
            "TLS_SELF_SIGNED, perhaps",
            "TRUSTED_PROXIES, proxy.internal",
            "TRUSTED_PROXIES, 10.0.0.0/99",
            "HSTS_MAX_AGE, -1d",
            "HSTS_INCLUDE_SUBDOMAINS, sometimes",
            "DATABASE_CONNECT_TIMEOUT, 10ms",
            "DATABASE_CONNECT_TIMEOUT, soon",
            "DATABASE_STATEMENT_TIMEOUT, 0s",
            "DATABASE_SOCKET_TIMEOUT, 2h",
            "MAX_REQUEST_HEADERS, 5",
            "REQUEST_HEADER_TIMEOUT, soon",
            "MIN_REQUEST_BODY_RATE, -1",
            "REQUEST_BODY_GRACE, -1s",
            "MANAGEMENT_PORT, 70000",
            "MANAGEMENT_HOST, 'not a host'",
            "PAGES_DIRECTORY, /no/such/directory"})
    void invalidValueFromEnvironmentNamesSettingValueAndSource(Setting setting, String value) {
        Map<String, String> env = Map.of(setting.envVar(), value);

        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(env, Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid " + setting.key() + " \"" + value.trim() + "\"")
                .hasMessageContaining("environment variable " + setting.envVar());
    }

    @Test
    void requestLimitsAndTheManagementListenerReachTheIssuerConfig() {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_MANAGEMENT_PORT", "9090",
                "GATEHOUSE_REQUEST_HEADER_TIMEOUT", "5s", "GATEHOUSE_MIN_REQUEST_BODY_RATE", "512",
                "GATEHOUSE_REQUEST_BODY_GRACE", "2s", "GATEHOUSE_MAX_REQUEST_HEADERS", "50"), Map.of(), null));

        assertThat(config.server().management()).isEqualTo(new ManagementListener("127.0.0.1", 9090));
        assertThat(config.server().requests()).isEqualTo(new RequestLimits(Duration.ofSeconds(5), 512, Duration.ofSeconds(2), 50));
    }

    @Test
    void pagesAreBuiltInUnderTheDefaultNameUnlessConfigured() throws IOException {
        GatehouseConfig defaults = GatehouseConfig.from(Settings.load(Map.of(), Map.of(), null));
        Path pages = Files.createDirectory(dir.resolve("pages"));
        GatehouseConfig given = GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_PAGES_DIRECTORY", pages.toString(),
                "GATEHOUSE_DISPLAY_NAME", "Acme Sign-in"), Map.of(), null));

        assertThat(defaults.server().pages()).isEqualTo(PagesConfig.defaults());
        assertThat(given.server().pages()).isEqualTo(new PagesConfig(Optional.of(pages), "Acme Sign-in"));
    }

    @Test
    void overlongDisplayNameIsRefused() {
        String name = "x".repeat(PagesConfig.MAX_DISPLAY_NAME_LENGTH + 1);

        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of(), Map.of(Setting.DISPLAY_NAME, name), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid display-name")
                .hasMessageContaining("1-100 characters without control characters");
    }

    @Test
    void pagesDirectoryThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("pages.txt"), "x");

        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of(), Map.of(Setting.PAGES_DIRECTORY,
                file.toString()), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid pages-directory \"" + file + "\" (from flag --pages-directory)")
                .hasMessageContaining("an existing directory");
    }

    @Test
    void backchannelLogoutSettingsReachTheIssuerConfig() {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_BACKCHANNEL_LOGOUT_TIMEOUT", "2s",
                "GATEHOUSE_BACKCHANNEL_LOGOUT_ATTEMPTS", "3", "GATEHOUSE_BACKCHANNEL_LOGOUT_RETRY_DELAY", "1m"), Map.of(), null));

        var settings = config.server().backchannelLogout();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.maxAttempts()).isEqualTo(3);
        assertThat(settings.firstRetryDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_BACKCHANNEL_LOGOUT_ATTEMPTS", "0"),
                Map.of(), null))).isInstanceOf(ConfigException.class).hasMessageContaining("backchannel-logout-attempts");
    }

    @Test
    void withoutAManagementPortThereIsNoManagementListener() {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of(), Map.of(), null));

        assertThat(config.server().management()).isNull();
        assertThat(config.server().requests()).isEqualTo(RequestLimits.DEFAULTS);
    }

    @Test
    void invalidValueFromFlagNamesTheFlag() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of(), Map.of(Setting.PORT, "eighty"), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid port \"eighty\" (from flag --port)")
                .hasMessageContaining("an integer 0..65535");
    }

    @Test
    void invalidValueFromFileNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), "refresh-idle-ttl: forever\n");

        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of(), Map.of(), file)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid refresh-idle-ttl \"forever\" (from config file " + file + ")");
    }

    @Test
    void invalidKeyEncryptionKeyIsNamedButNotShown() {
        String bad = "dG9vLXNob3J0";

        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(
                Map.of("GATEHOUSE_KEY_ENCRYPTION_KEY", bad), Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid key-encryption-key (hidden)")
                .hasMessageContaining("environment variable GATEHOUSE_KEY_ENCRYPTION_KEY")
                .hasMessageNotContaining(bad);
    }

    @Test
    void shortBootstrapPasswordIsNamedButNotShown() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(
                Map.of("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "short"), Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid bootstrap-admin-password (hidden)")
                .hasMessageNotContaining("short\"");
    }

    @Test
    void accessTokenTtlAboveMaximumNamesBothSettings() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(
                Map.of("GATEHOUSE_ACCESS_TOKEN_TTL", "2h"), Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("access-token-ttl \"2h\" (from environment variable GATEHOUSE_ACCESS_TOKEN_TTL)")
                .hasMessageContaining("exceeds max-access-token-ttl PT1H (default)");
    }

    @Test
    void browserSessionLimitsDefaultAndReachTheIssuerConfig() {
        GatehouseConfig defaults = GatehouseConfig.from(Settings.load(Map.of(), Map.of(), null));
        GatehouseConfig given = GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_BROWSER_SESSION_IDLE", "10m",
                "GATEHOUSE_BROWSER_SESSION_MAX", "2h"), Map.of(), null));

        assertThat(defaults.server().browserSessions()).isEqualTo(new dev.gatehouse.core.config.BrowserSessionConfig(
                Duration.ofMinutes(30), Duration.ofHours(12)));
        assertThat(given.issuerConfig(dev.gatehouse.core.crypto.KeyEncryption.fromBase64(
                dev.gatehouse.core.crypto.KeyEncryption.generateKey()), dev.gatehouse.http.tls.TransportSecurity.plainHttp())
                .browserSessions()).isEqualTo(new dev.gatehouse.core.config.BrowserSessionConfig(
                Duration.ofMinutes(10), Duration.ofHours(2)));
    }

    @Test
    void browserSessionIdleAboveMaxNamesBothSettings() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of(),
                Map.of(Setting.BROWSER_SESSION_IDLE, "13h"), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("browser-session-idle \"13h\" (from flag --browser-session-idle)")
                .hasMessageContaining("exceeds browser-session-max");
    }

    @Test
    void refreshIdleAboveAbsoluteNamesBothSettings() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of(),
                Map.of(Setting.REFRESH_IDLE_TTL, "40d"), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("refresh-idle-ttl \"40d\" (from flag --refresh-idle-ttl)")
                .hasMessageContaining("exceeds refresh-absolute-ttl");
    }

    @Test
    void databaseTimeoutsHaveBoundedDefaultsAndTakeTheGivenValues() {
        GatehouseConfig defaults = GatehouseConfig.from(Settings.load(Map.of(), Map.of(), null));
        GatehouseConfig given = GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_DATABASE_CONNECT_TIMEOUT", "2s",
                "GATEHOUSE_DATABASE_STATEMENT_TIMEOUT", "1500ms", "GATEHOUSE_DATABASE_SOCKET_TIMEOUT", "3s"), Map.of(), null));

        org.assertj.core.api.Assertions.assertThat(defaults.storage().timeouts()).isEqualTo(DatabaseTimeouts.defaults());
        org.assertj.core.api.Assertions.assertThat(given.storage().timeouts()).isEqualTo(new DatabaseTimeouts(
                Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofSeconds(3)));
    }

    @Test
    void aSocketTimeoutNotAboveTheStatementTimeoutNamesBothSettings() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_DATABASE_STATEMENT_TIMEOUT", "30s"),
                Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database-socket-timeout PT10S (default) must exceed database-statement-timeout "
                        + "\"30s\" (from environment variable GATEHOUSE_DATABASE_STATEMENT_TIMEOUT)");
    }

    @Test
    void keyAndKeyFileTogetherAreRefused() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of(
                "GATEHOUSE_KEY_ENCRYPTION_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "GATEHOUSE_KEY_ENCRYPTION_KEY_FILE", "/run/secrets/kek"), Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("both set")
                .hasMessageNotContaining("AAAAAAAA");
    }

    @Test
    void portZeroNeedsAnExplicitIssuer() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_PORT", "0"), Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("issuer");
    }

    @Test
    void secretSettingGivenAsFlagIsRefused() {
        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(Setting.KEY_ENCRYPTION_KEY, "x"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEHOUSE_KEY_ENCRYPTION_KEY");
    }

    @Test
    void invalidLogFormatIsNamed() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_LOG_FORMAT", "xml"), Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid log-format \"xml\"");
    }

    @Test
    void aCertificateWithoutItsPrivateKeyIsRefusedNamingBoth() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_TLS_CERTIFICATE", "/etc/tls/cert.pem"),
                Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls-certificate is set (environment variable GATEHOUSE_TLS_CERTIFICATE)")
                .hasMessageContaining("tls-private-key is not");
    }

    @Test
    void trustedProxiesWithoutAnIssuerUrlAreRefusedSinceThePublicUrlIsTheProxys() {
        assertThatThrownBy(() -> GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_TRUSTED_PROXIES", "10.0.0.0/8"),
                Map.of(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("issuer: must be set when trusted-proxies is set");
    }

    @Test
    void withTlsTheDefaultIssuerUrlIsHttpsAndTrustedProxiesAreAList() {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of(
                "GATEHOUSE_TLS_CERTIFICATE", "/etc/tls/cert.pem", "GATEHOUSE_TLS_PRIVATE_KEY", "/etc/tls/key.pem",
                "GATEHOUSE_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.10", "GATEHOUSE_HSTS_MAX_AGE", "1d"), Map.of(), null));

        org.assertj.core.api.Assertions.assertThat(config.server().issuer().toString()).isEqualTo("https://127.0.0.1:8080");
        org.assertj.core.api.Assertions.assertThat(config.transport().trustedProxies().entries())
                .containsExactly("10.0.0.0/8", "192.168.1.10");
        org.assertj.core.api.Assertions.assertThat(config.transport().hsts().headerValue()).isEqualTo("max-age=86400");
    }
}

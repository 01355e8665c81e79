package dev.gatehouse.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of(), Map.of(), null));

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().issuer()).hasToString("http://127.0.0.1:8080");
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.storage().databaseUrl()).isEmpty();
        assertThat(config.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.tokens().refreshAbsoluteTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(config.tokens().signingAlgorithm().getName()).isEqualTo("ES256");
        assertThat(config.passwords().memoryKiB()).isEqualTo(19 * 1024);
        assertThat(config.dev()).isFalse();
        assertThat(config.bootstrap().adminUsername()).isEqualTo("admin");
        assertThat(config.bootstrap().adminPassword()).isEmpty();
    }

    @Test
    void fileOverridesDefaultsEnvOverridesFileFlagsOverrideEnv() throws IOException {
        Path file = yaml("""
                host: 0.0.0.0
                port: 9000
                access-token-ttl: 10m
                id-token-ttl: 2m
                signing-algorithm: EdDSA
                """);
        Map<String, String> env = Map.of(
                "GATEHOUSE_PORT", "9100",
                "GATEHOUSE_ACCESS_TOKEN_TTL", "15m",
                "GATEHOUSE_SIGNING_ALGORITHM", "RS256");
        Map<Setting, String> flags = Map.of(Setting.ACCESS_TOKEN_TTL, "20m");

        GatehouseConfig config = GatehouseConfig.from(Settings.load(env, flags, file));

        assertThat(config.server().host()).as("file over default").isEqualTo("0.0.0.0");
        assertThat(config.tokens().idTokenTtl()).as("file over default").isEqualTo(Duration.ofMinutes(2));
        assertThat(config.server().port()).as("env over file").isEqualTo(9100);
        assertThat(config.tokens().signingAlgorithm().getName()).as("env over file").isEqualTo("RS256");
        assertThat(config.tokens().accessTokenTtl()).as("flag over env").isEqualTo(Duration.ofMinutes(20));
        assertThat(config.tokens().refreshIdleTtl()).as("default").isEqualTo(Duration.ofHours(8));
    }

    @Test
    void configFileComesFromEnvironmentWhenNoFlagNamesOne() throws IOException {
        Path file = yaml("port: 9200\n");

        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_CONFIG", file.toString()), Map.of(), null));

        assertThat(config.server().port()).isEqualTo(9200);
    }

    @Test
    void configFlagWinsOverConfigEnvironmentVariable() throws IOException {
        Path fromEnv = yaml("port: 9200\n");
        Path fromFlag = Files.writeString(dir.resolve("other.yaml"), "port: 9300\n");

        GatehouseConfig config = GatehouseConfig.from(
                Settings.load(Map.of("GATEHOUSE_CONFIG", fromEnv.toString()), Map.of(), fromFlag));

        assertThat(config.server().port()).isEqualTo(9300);
    }

    @Test
    void provisioningFileAndBootstrapAdminComeFromTheirEnvironmentVariables() {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of(
                "GATEHOUSE_PROVISIONING_FILE", "/etc/gatehouse/provisioning.yaml",
                "GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME", "root",
                "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "  spaces kept  "), Map.of(), null));

        assertThat(config.bootstrap().provisioningFile()).contains(Path.of("/etc/gatehouse/provisioning.yaml"));
        assertThat(config.bootstrap().adminUsername()).isEqualTo("root");
        assertThat(config.bootstrap().adminPassword()).contains("  spaces kept  ");
        assertThat(config.bootstrap().toString()).doesNotContain("spaces kept");
    }

    @Test
    void devModeFromEnvironment() {
        assertThat(GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_DEV", "true"), Map.of(), null)).dev()).isTrue();
        assertThat(GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_DEV", "true"), Map.of(Setting.DEV, "false"), null))
                .dev()).isFalse();
    }

    @Test
    void blankEnvironmentVariablesCountAsUnset() {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_PORT", " "), Map.of(), null));

        assertThat(config.server().port()).isEqualTo(8080);
    }

    @Test
    void emptyValuesInTheConfigFileCountAsUnset() throws IOException {
        Path file = yaml("port: ''\ntls-certificate: ''\ndata-dir:\n");

        GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of(), Map.of(), file));

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.transport().certificate()).isEmpty();
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("data"));
    }

    @Test
    void defaultIssuerFollowsHostAndPortAndNamesLocalhostForWildcard() {
        assertThat(GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_PORT", "9999"), Map.of(), null))
                .server().issuer()).hasToString("http://127.0.0.1:9999");
        assertThat(GatehouseConfig.from(Settings.load(Map.of("GATEHOUSE_HOST", "0.0.0.0"), Map.of(), null))
                .server().issuer()).hasToString("http://localhost:8080");
    }

    @Test
    void issuerTrailingSlashIsDropped() {
        GatehouseConfig config = GatehouseConfig.from(
                Settings.load(Map.of("GATEHOUSE_ISSUER", "https://auth.example.com/"), Map.of(), null));

        assertThat(config.server().issuer()).hasToString("https://auth.example.com");
        assertThat(config.tokens().issuer()).hasToString("https://auth.example.com");
    }

    @Test
    void unknownKeyInConfigFileFailsNamingKeyAndFile() throws IOException {
        Path file = yaml("prot: 9000\n");

        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting \"prot\"")
                .hasMessageContaining(file.toString());
    }

    @Test
    void secretInConfigFileIsRefused() throws IOException {
        Path file = yaml("key-encryption-key: c2VjcmV0\n");

        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key-encryption-key may not be set in a config file")
                .hasMessageContaining("GATEHOUSE_KEY_ENCRYPTION_KEY")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void missingConfigFileFailsNamingItsSource() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> Settings.load(Map.of("GATEHOUSE_CONFIG", missing.toString()), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("environment variable GATEHOUSE_CONFIG");
    }

    @Test
    void configFileThatIsNotAMappingFails() throws IOException {
        Path file = yaml("- port\n- 9000\n");

        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected a mapping");
    }

    @Test
    void duplicateKeyInConfigFileFails() throws IOException {
        Path file = yaml("port: 9000\nport: 9001\n");

        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void shippedExampleConfigLoads() {
        GatehouseConfig config = GatehouseConfig.from(
                Settings.load(Map.of(), Map.of(), Path.of("..", "examples", "gatehouse.yaml")));

        assertThat(config.server().issuer()).hasToString("https://localhost:8080");
        assertThat(config.transport().https()).isTrue();
        assertThat(config.dev()).isFalse();
    }

    private Path yaml(String content) throws IOException {
        return Files.writeString(dir.resolve("gatehouse.yaml"), content);
    }
}

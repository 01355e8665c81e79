package dev.gatehouse.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.app.config.ConfigException;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.config.Settings;
import dev.gatehouse.app.testing.FreePort;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.user.User;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatehouseTest {
    private static final Pattern ONE_TIME_PASSWORD = Pattern.compile("One-time password: (\\S+)");

    @TempDir
    Path dir;
    final StringWriter stdout = new StringWriter();

    @Test
    void bootstrapAdminFromEnvironmentIsCreatedOnEmptyDatabaseAndNothingIsPrinted() {
        Map<String, String> env = env();
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME", "root");
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "root-password-1");

        try (Gatehouse g = start(env)) {
            User root = g.services().passwordAuthenticator().authenticate("root", "root-password-1", "gatehouse", "127.0.0.1");

            assertThat(root.roles()).containsExactly("admin");
            assertThat(g.services().stores().users().findByUsername("admin")).isEmpty();
        }
        assertThat(stdout.toString()).isEmpty();
    }

    @Test
    void generatedOneTimePasswordIsPrintedOnceAndWorks() {
        String password;
        try (Gatehouse g = start(env())) {
            Matcher m = ONE_TIME_PASSWORD.matcher(stdout.toString());
            assertThat(m.find()).as("printed: %s", stdout).isTrue();
            password = m.group(1);
            User admin = g.services().passwordAuthenticator().authenticate("admin", password, "gatehouse", "127.0.0.1");
            assertThat(admin.roles()).containsExactly("admin");
        }
        assertThat(stdout.toString()).contains("Change it");
        stdout.getBuffer().setLength(0);

        try (Gatehouse g = start(env())) {
            assertThat(g.services().passwordAuthenticator().authenticate("admin", password, "gatehouse", "127.0.0.1"))
                    .isNotNull();
        }
        assertThat(stdout.toString()).as("second start prints nothing").isEmpty();
    }

    @Test
    void bootstrapPasswordIsIgnoredOnceTheDatabaseHasUsers() {
        start(env()).close();
        assertThat(stdout.toString()).contains("One-time password");
        Map<String, String> env = env();
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME", "second");
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "second-password-1");

        try (Gatehouse g = start(env)) {
            assertThat(g.services().stores().users().findByUsername("second")).isEmpty();
        }
    }

    @Test
    void provisioningFileThatDeclaresAnAdministratorSuppressesTheGeneratedOne() throws IOException {
        Path file = Files.writeString(dir.resolve("provisioning.yaml"), """
                users:
                  - username: ops
                    password_env: OPS_PASSWORD
                    roles: [admin]
                """);
        Map<String, String> env = env();
        env.put("GATEHOUSE_PROVISIONING_FILE", file.toString());
        env.put("OPS_PASSWORD", "ops-password-1");

        try (Gatehouse g = start(env)) {
            assertThat(g.services().stores().users().findByUsername("admin")).isEmpty();
            assertThat(g.services().passwordAuthenticator().authenticate("ops", "ops-password-1", "gatehouse", "127.0.0.1")
                    .roles()).containsExactly("admin");
        }
        assertThat(stdout.toString()).isEmpty();
    }

    @Test
    void provisioningIsAppliedAtEveryStartWithoutNewAuditEvents() throws IOException {
        Path file = Files.writeString(dir.resolve("provisioning.yaml"), """
                clients:
                  - client_id: web
                    type: public
                    first_party: true
                """);
        Map<String, String> env = env();
        env.put("GATEHOUSE_PROVISIONING_FILE", file.toString());
        int events;
        try (Gatehouse g = start(env)) {
            assertThat(g.services().clients().find("web")).isPresent();
            events = g.services().stores().audit().query(new AuditQuery(null, null, null, null, 1000)).size();
        }

        try (Gatehouse g = start(env)) {
            assertThat(g.services().stores().audit().query(new AuditQuery(null, null, null, null, 1000))).hasSize(events);
        }
    }

    @Test
    void invalidProvisioningFileStopsTheStartBeforeAnythingListens() throws IOException {
        Path file = Files.writeString(dir.resolve("provisioning.yaml"), """
                clients:
                  - client_id: orders
                    secret: plaintext
                """);
        Map<String, String> env = env();
        env.put("GATEHOUSE_PROVISIONING_FILE", file.toString());

        assertThatThrownBy(() -> start(env))
                .hasMessageContaining("clients[0] (orders): field secret");
    }

    @Test
    void missingProvisioningFileIsNamed() {
        Map<String, String> env = env();
        env.put("GATEHOUSE_PROVISIONING_FILE", dir.resolve("absent.yaml").toString());

        assertThatThrownBy(() -> start(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("absent.yaml");
    }

    @Test
    void brokenPageTemplateInThePagesDirectoryStopsTheStartNamingIt() throws IOException {
        Path pages = Files.createDirectories(dir.resolve("pages"));
        Files.writeString(pages.resolve("sign-in.ftlh"), "<#list>\n");
        Map<String, String> env = env();
        env.put("GATEHOUSE_PAGES_DIRECTORY", pages.toString());

        assertThatThrownBy(() -> start(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pages-directory: page template sign-in.ftlh")
                .hasMessageContaining(pages.toString());
    }

    @Test
    void pagesDirectoryAndDisplayNameReachThePages() throws Exception {
        Path pages = Files.createDirectories(dir.resolve("pages").resolve("assets"));
        Files.writeString(pages.resolve("brand.css"), "body{}");
        Map<String, String> env = env();
        env.put("GATEHOUSE_PAGES_DIRECTORY", pages.getParent().toString());
        env.put("GATEHOUSE_DISPLAY_NAME", "Acme Sign-in");

        try (Gatehouse g = start(env)) {
            assertThat(g.services().config().pages().displayName()).isEqualTo("Acme Sign-in");
            assertThat(g.services().pages().assets().find("brand.css")).isPresent();
        }
    }

    @Test
    void wrongPasswordOfBootstrapAdminIsRefused() {
        Map<String, String> env = env();
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "admin-password-1");

        try (Gatehouse g = start(env)) {
            assertThatThrownBy(() -> g.services().passwordAuthenticator().authenticate("admin", "other-password",
                    "gatehouse", "127.0.0.1")).isInstanceOf(OAuthException.class);
        }
    }

    @Test
    void newDataDirectoryIsReadableByItsOwnerOnly() throws Exception {
        try (Gatehouse g = start(env())) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEHOUSE_DEV", "true");
        env.put("GATEHOUSE_DATA_DIR", dir.resolve("data").toString());
        env.put("GATEHOUSE_PORT", Integer.toString(FreePort.find()));
        env.put("GATEHOUSE_ARGON2_MEMORY_KIB", "8192");
        env.put("GATEHOUSE_ARGON2_ITERATIONS", "1");
        return env;
    }

    private Gatehouse start(Map<String, String> env) {
        GatehouseConfig config = GatehouseConfig.from(Settings.load(env, Map.of(), null));
        return Gatehouse.start(config, env, new PrintWriter(stdout, true), Clock.systemUTC());
    }
}

package dev.gatehouse.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.refresh.RefreshToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStoresH2Test {
    @TempDir
    Path tmp;

    @Test
    void h2FileUrlPointsAtTheGatehouseDatabaseInsideTheDataDirectoryAndCreatesIt() {
        Path dataDir = tmp.resolve("nested/data");

        String url = JdbcStores.h2FileUrl(dataDir);

        assertThat(dataDir).isDirectory();
        assertThat(url).startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath() + "/gatehouse;")
                .contains(";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void h2FileUrlResolvesARelativeDirectoryToAnAbsolutePath() {
        Path relative = Path.of("").toAbsolutePath().relativize(tmp.resolve("data"));

        String url = JdbcStores.h2FileUrl(relative.resolve("..").resolve("data"));

        assertThat(url).startsWith("jdbc:h2:file:" + tmp.resolve("data") + "/gatehouse;");
    }

    @Test
    void h2FileUrlRefusesADirectoryThatWouldEndTheUrl() {
        assertThatThrownBy(() -> JdbcStores.h2FileUrl(tmp.resolve("a;MODE=Oracle")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openCreatesTheDatabaseFileAndMigratesTheSchema() throws Exception {
        try (JdbcStores jdbc = JdbcStores.open(JdbcStores.h2FileUrl(tmp), "", "");
             Connection c = jdbc.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM revocation_counter")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).contains("gatehouse.mv.db");
    }

    @Test
    void theDataDirectoryAndTheDatabaseFilesAreReadableByTheirOwnerOnly() throws Exception {
        Path dataDir = tmp.resolve("data");

        try (JdbcStores jdbc = JdbcStores.open(JdbcStores.h2FileUrl(dataDir), "", "")) {
            jdbc.stores().revocationLog().lastSequence();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            try (var files = Files.list(dataDir)) {
                assertThat(files.toList()).isNotEmpty().allSatisfy(f -> assertThat(
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void aDatabaseFileReadableByOthersIsMadeOwnerOnlyOnTheNextStart() throws Exception {
        JdbcStores.open(JdbcStores.h2FileUrl(tmp), "", "").close();
        Path file = tmp.resolve("gatehouse.mv.db");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (JdbcStores jdbc = JdbcStores.open(JdbcStores.h2FileUrl(tmp), "", "")) {
            assertThat(jdbc.stores().revocationLog().lastSequence()).isZero();
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void everyConnectionCarriesTheStatementTimeout() throws Exception {
        DatabaseTimeouts timeouts = new DatabaseTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofSeconds(3));
        try (JdbcStores jdbc = JdbcStores.open(JdbcStores.h2FileUrl(tmp), "", "", timeouts);
             Connection c = jdbc.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_TIMEOUT'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1500");
        }
    }

    @Test
    void reopeningAMigratedDatabaseRunsNoMigrationTwice() {
        JdbcStores.open(JdbcStores.h2FileUrl(tmp), "", "").close();

        try (JdbcStores jdbc = JdbcStores.open(JdbcStores.h2FileUrl(tmp), "", "")) {
            assertThat(jdbc.stores().revocationLog().lastSequence()).isZero();
        }
    }

    @Test
    void refreshTokensStoredBeforeTheAudienceWasKeptAreMigratedWithoutAudience() throws Exception {
        String url = JdbcStores.h2FileUrl(tmp);
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("1").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO refresh_tokens (token_hash, family_id, session_id, client_id, subject, scope, "
                    + "auth_time, issued_at, idle_expires_at, absolute_expires_at) VALUES ('old', 'fam-old', 'sid-1', "
                    + "'app', 'sub-1', 'openid', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }

        try (JdbcStores jdbc = JdbcStores.open(url, "", "")) {
            RefreshToken old = jdbc.stores().refreshTokens().find("old").orElseThrow();

            assertThat(old.audience()).isNull();
            assertThat(old.scope()).isEqualTo("openid");
        }
    }
}

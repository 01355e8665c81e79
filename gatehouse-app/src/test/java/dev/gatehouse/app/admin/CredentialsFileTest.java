package dev.gatehouse.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenLoginIsReadableByItsOwnerOnlyAndReadsBack() throws IOException {
        CredentialsFile file = CredentialsFile.forUser(Map.of("XDG_CONFIG_HOME", dir.toString()));
        Credentials login = new Credentials("http://127.0.0.1:8080", "admin", "access", "refresh");

        file.write(login);

        assertThat(file.path()).isEqualTo(dir.resolve("gatehouse/credentials.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent()))).isEqualTo("rwx------");
        assertThat(file.read()).contains(login);
        assertThat(Files.readString(file.path())).contains("\"access_token\"", "\"refresh_token\"");
    }

    @Test
    void rewritingKeepsOwnerOnlyPermissions() throws IOException {
        CredentialsFile file = CredentialsFile.forUser(Map.of("XDG_CONFIG_HOME", dir.toString()));
        file.write(new Credentials("http://a", "admin", "one", "r1"));

        file.write(new Credentials("http://a", "admin", "two", "r2"));

        assertThat(file.read().orElseThrow().accessToken()).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        try (var files = Files.list(file.path().getParent())) {
            assertThat(files).containsExactly(file.path());
        }
    }

    @Test
    void defaultsToDotConfigUnderHome() {
        CredentialsFile file = CredentialsFile.forUser(Map.of("HOME", dir.toString()));

        assertThat(file.path()).isEqualTo(dir.resolve(".config/gatehouse/credentials.json"));
    }

    @Test
    void credentialsNeverPrintTheirTokens() {
        assertThat(new Credentials("http://a", "admin", "secret-access", "secret-refresh").toString())
                .doesNotContain("secret-access").doesNotContain("secret-refresh");
    }
}

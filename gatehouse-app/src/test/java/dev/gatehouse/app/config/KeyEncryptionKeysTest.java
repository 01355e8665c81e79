package dev.gatehouse.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.crypto.KeyEncryption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void devModeWithoutKeyGeneratesOneOwnerOnlyAndReusesItNextStart() throws IOException {
        KeyConfig dev = new KeyConfig(Optional.empty(), Optional.empty(), true);

        KeyEncryptionKeys.Resolved first = KeyEncryptionKeys.resolve(dev, dataDir);
        KeyEncryptionKeys.Resolved second = KeyEncryptionKeys.resolve(dev, dataDir);

        Path file = dataDir.resolve(KeyEncryptionKeys.DEV_FILE);
        assertThat(first.generated()).isTrue();
        assertThat(second.generated()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String sealed = first.keyEncryption().encrypt("private key", "kid-1");
        assertThat(second.keyEncryption().decrypt(sealed, "kid-1")).isEqualTo("private key");
    }

    @Test
    void devModeCreatesTheDataDirWhenMissing() {
        Path nested = dataDir.resolve("a/b");

        KeyEncryptionKeys.resolve(new KeyConfig(Optional.empty(), Optional.empty(), true), nested);

        assertThat(nested.resolve(KeyEncryptionKeys.DEV_FILE)).exists();
    }

    @Test
    void withoutKeyOutsideDevModeStartIsRefusedWithGuidance() {
        assertThatThrownBy(() -> KeyEncryptionKeys.resolve(new KeyConfig(Optional.empty(), Optional.empty(), false), dataDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("refusing to start without a key-encryption key")
                .hasMessageContaining("GATEHOUSE_KEY_ENCRYPTION_KEY")
                .hasMessageContaining("--dev");
        assertThat(dataDir.resolve(KeyEncryptionKeys.DEV_FILE)).doesNotExist();
    }

    @Test
    void devKeyLeftInDataDirIsNotUsedOutsideDevMode() {
        KeyEncryptionKeys.resolve(new KeyConfig(Optional.empty(), Optional.empty(), true), dataDir);

        assertThatThrownBy(() -> KeyEncryptionKeys.resolve(new KeyConfig(Optional.empty(), Optional.empty(), false), dataDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("used only in dev mode");
    }

    @Test
    void keyFromEnvironmentWinsOverDevMode() {
        String key = KeyEncryption.generateKey();

        KeyEncryptionKeys.Resolved resolved = KeyEncryptionKeys.resolve(new KeyConfig(Optional.of(key), Optional.empty(), true), dataDir);

        assertThat(resolved.origin()).contains("GATEHOUSE_KEY_ENCRYPTION_KEY");
        assertThat(dataDir.resolve(KeyEncryptionKeys.DEV_FILE)).doesNotExist();
        String sealed = resolved.keyEncryption().encrypt("x", "k");
        assertThat(KeyEncryption.fromBase64(key).decrypt(sealed, "k")).isEqualTo("x");
    }

    @Test
    void keyFromFileIsRead() throws IOException {
        String key = KeyEncryption.generateKey();
        Path file = Files.writeString(dataDir.resolve("kek"), key + "\n");

        KeyEncryptionKeys.Resolved resolved = KeyEncryptionKeys.resolve(new KeyConfig(Optional.empty(), Optional.of(file), false), dataDir);

        String sealed = resolved.keyEncryption().encrypt("x", "k");
        assertThat(KeyEncryption.fromBase64(key).decrypt(sealed, "k")).isEqualTo("x");
    }

    @Test
    void keyFileWithBadContentIsNamedWithoutItsContent() throws IOException {
        Path file = Files.writeString(dataDir.resolve("kek"), "not-a-key");

        assertThatThrownBy(() -> KeyEncryptionKeys.resolve(new KeyConfig(Optional.empty(), Optional.of(file), false), dataDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("not-a-key");
    }

    @Test
    void missingKeyFileIsNamed() {
        Path file = dataDir.resolve("absent");

        assertThatThrownBy(() -> KeyEncryptionKeys.resolve(new KeyConfig(Optional.empty(), Optional.of(file), false), dataDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key-encryption-key-file " + file);
    }
}

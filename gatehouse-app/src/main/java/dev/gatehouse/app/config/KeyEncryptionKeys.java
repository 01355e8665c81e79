package dev.gatehouse.app.config;

import dev.gatehouse.core.crypto.KeyEncryption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Finds the key-encryption key (KEK): from the environment, from a file, or, in dev mode only, from
 * {@code <data dir>/dev-key-encryption-key}, generated on first start. Outside dev mode there is no
 * fallback: without a KEK the issuer does not start.
 */
public final class KeyEncryptionKeys {
    public static final String DEV_FILE = "dev-key-encryption-key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** @param generated true when a dev-mode key was created on this start */
    public record Resolved(KeyEncryption keyEncryption, String origin, boolean generated) {}

    private KeyEncryptionKeys() {}

    /** @throws ConfigException when no usable key is given (outside dev mode: always without a key) */
    public static Resolved resolve(KeyConfig keys, Path dataDir) {
        if (keys.key().isPresent()) {
            return new Resolved(KeyEncryption.fromBase64(keys.key().get()), "environment variable "
                    + Setting.KEY_ENCRYPTION_KEY.envVar(), false);
        }
        if (keys.keyFile().isPresent()) {
            Path file = keys.keyFile().get();
            return new Resolved(read(file, "key-encryption-key-file " + file), "file " + file, false);
        }
        Path devFile = dataDir.resolve(DEV_FILE);
        if (!keys.dev()) {
            String hint = Files.exists(devFile)
                    ? " (a dev-mode key exists at " + devFile + "; it is used only in dev mode)"
                    : "";
            throw new ConfigException("refusing to start without a key-encryption key" + hint + ".\n"
                    + "  Set " + Setting.KEY_ENCRYPTION_KEY.envVar() + " to base64 of 32 random bytes"
                    + " (openssl rand -base64 32),\n"
                    + "  or " + Setting.KEY_ENCRYPTION_KEY_FILE.envVar() + " to a file holding it,\n"
                    + "  or, for a local trial only, start in dev mode: --dev or GATEHOUSE_DEV=true.");
        }
        if (Files.exists(devFile)) {
            return new Resolved(read(devFile, "dev-mode key file " + devFile), "dev-mode key file " + devFile, false);
        }
        return new Resolved(create(devFile), "dev-mode key file " + devFile, true);
    }

    private static KeyEncryption read(Path file, String what) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(what + ": cannot read: " + e.getMessage());
        }
        try {
            return KeyEncryption.fromBase64(content);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(what + ": content is not base64 of 32 bytes");
        }
    }

    private static KeyEncryption create(Path file) {
        String key = KeyEncryption.generateKey();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            return read(file, "dev-mode key file " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot write the dev-mode key file " + file + ": " + e.getMessage());
        }
        return KeyEncryption.fromBase64(key);
    }
}

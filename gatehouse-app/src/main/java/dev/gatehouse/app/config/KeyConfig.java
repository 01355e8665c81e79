package dev.gatehouse.app.config;

import java.nio.file.Path;
import java.util.Optional;

/** Where the key-encryption key comes from: the environment, a file, or (dev mode only) the data dir. */
public record KeyConfig(Optional<String> key, Optional<Path> keyFile, boolean dev) {
    @Override
    public String toString() {
        return "KeyConfig[key=" + (key.isPresent() ? "(hidden)" : "(none)") + ", keyFile=" + keyFile.orElse(null)
                + ", dev=" + dev + "]";
    }
}

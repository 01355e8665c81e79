package dev.gatehouse.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * @param databaseUrl empty for the embedded H2 file database in {@code dataDir}
 */
public record StorageConfig(Path dataDir, Optional<String> databaseUrl, String databaseUser, String databasePassword) {
    @Override
    public String toString() {
        return "StorageConfig[dataDir=" + dataDir + ", databaseUrl=" + databaseUrl.orElse("(embedded H2)")
                + ", databaseUser=" + databaseUser + ", databasePassword=(hidden)]";
    }
}

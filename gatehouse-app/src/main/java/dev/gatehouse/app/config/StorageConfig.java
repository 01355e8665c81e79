package dev.gatehouse.app.config;

import dev.gatehouse.store.jdbc.DatabaseTimeouts;
import java.nio.file.Path;
import java.util.Optional;

/**
 * @param databaseUrl empty for the embedded H2 file database in {@code dataDir}
 * @param timeouts    how long a request waits on the database before it is answered 503
 */
public record StorageConfig(Path dataDir, Optional<String> databaseUrl, String databaseUser, String databasePassword,
                            DatabaseTimeouts timeouts) {
    @Override
    public String toString() {
        return "StorageConfig[dataDir=" + dataDir + ", databaseUrl=" + databaseUrl.orElse("(embedded H2)")
                + ", databaseUser=" + databaseUser + ", databasePassword=(hidden), timeouts=" + timeouts + "]";
    }
}

package dev.gatehouse.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2UsedAssertionStoreTest extends UsedAssertionStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected JdbcStores open() {
        return JdbcStores.open(JdbcStores.h2FileUrl(dataDir), "", "");
    }
}

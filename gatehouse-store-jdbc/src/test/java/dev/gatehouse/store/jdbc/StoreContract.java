package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.store.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of every store contract: each contract runs once per engine, on an empty database of its own for each
 * test; {@link #restart()} opens the stores again on the same database.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreContract.Engine.class)
abstract class StoreContract {
    enum Engine { H2, POSTGRESQL }

    @Parameter
    Engine engine;

    @TempDir
    Path dataDir;

    private final PostgresDatabase postgres = new PostgresDatabase();
    protected JdbcStores jdbc;
    protected Stores stores;

    private JdbcStores open() {
        return switch (engine) {
            case H2 -> JdbcStores.open(JdbcStores.h2FileUrl(dataDir), "", "");
            case POSTGRESQL -> postgres.open();
        };
    }

    @BeforeEach
    final void openStores() {
        jdbc = open();
        stores = jdbc.stores();
    }

    @AfterEach
    final void closeStores() {
        if (jdbc != null) {
            jdbc.close();
        }
        if (engine == Engine.POSTGRESQL) {
            postgres.drop();
        }
    }

    /** Closes the pool and opens the stores again, as a restarted node would. */
    protected final void restart() {
        jdbc.close();
        jdbc = open();
        stores = jdbc.stores();
    }
}

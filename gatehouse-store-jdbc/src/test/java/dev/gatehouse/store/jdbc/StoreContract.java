package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every store contract. An engine subclass says how to open the stores on an empty database of its
 * own for each test; {@link #restart()} opens them again on the same database.
 */
abstract class StoreContract {
    protected JdbcStores jdbc;
    protected Stores stores;

    protected abstract JdbcStores open();

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
    }

    /** Closes the pool and opens the stores again, as a restarted node would. */
    protected final void restart() {
        jdbc.close();
        jdbc = open();
        stores = jdbc.stores();
    }
}

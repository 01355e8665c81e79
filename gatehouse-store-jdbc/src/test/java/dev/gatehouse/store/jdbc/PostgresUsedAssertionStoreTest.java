package dev.gatehouse.store.jdbc;

import org.junit.jupiter.api.AfterEach;

class PostgresUsedAssertionStoreTest extends UsedAssertionStoreContract {
    private final PostgresDatabase database = new PostgresDatabase();

    @Override
    protected JdbcStores open() {
        return database.open();
    }

    @AfterEach
    void dropSchema() {
        if (jdbc != null) {
            jdbc.close();
        }
        database.drop();
    }
}

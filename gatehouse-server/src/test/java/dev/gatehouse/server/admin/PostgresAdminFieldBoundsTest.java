package dev.gatehouse.server.admin;

import dev.gatehouse.server.testing.TestIssuer;
import dev.gatehouse.store.jdbc.PostgresDatabase;

class PostgresAdminFieldBoundsTest extends AdminFieldBoundsContract {
    private final PostgresDatabase database = new PostgresDatabase();

    @Override
    TestIssuer startIssuer() {
        return TestIssuer.start(database::open);
    }

    @Override
    void afterIssuer() {
        database.drop();
    }
}

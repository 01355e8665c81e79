package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.next;
import static dev.gatehouse.store.jdbc.Fixtures.token;
import static dev.gatehouse.store.jdbc.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RotationResult;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.store.Stores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stores on PostgreSQL behind a proxy that stalls, resets or slows the connection: a failing database is
 * a {@link StoreUnavailableException} within the configured timeouts, and the same stores work again once it
 * heals. The bound on each call is a generous test timeout, not a measurement.
 */
class PostgresStoreFaultsTest {
    private static final DatabaseTimeouts SHORT = new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Instant NOW = at(Duration.ofMinutes(10));

    private final PostgresDatabase database = new PostgresDatabase();
    private FaultyTcpProxy proxy;
    private JdbcStores jdbc;
    private Stores stores;

    @BeforeEach
    void open() {
        proxy = FaultyTcpProxy.start(PostgresDatabase.serverAddress());
        jdbc = database.openVia(proxy.port(), SHORT);
        stores = jdbc.stores();
    }

    @AfterEach
    void close() {
        if (jdbc != null) {
            jdbc.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        database.drop();
    }

    @Test
    void aStalledDatabaseIsUnavailableForReadsAndTransactionsAndServesAgainOnceHealed() {
        stores.users().create(user("u-1", "alice"));
        proxy.stall();

        assertUnavailable(() -> stores.users().findByUsername("alice"));
        assertUnavailable(() -> stores.transactions().inTransaction(() -> stores.users().findByIdForUpdate("u-1")));
        assertUnavailable(() -> stores.revocationLog().lastSequence());

        proxy.pass();
        await().atMost(BOUND).ignoreExceptionsInstanceOf(StoreUnavailableException.class)
                .untilAsserted(() -> assertThat(stores.users().findByUsername("alice")).isPresent());
    }

    @Test
    void aResetConnectionIsUnavailableAndTheStoresRecover() {
        stores.users().create(user("u-1", "alice"));
        proxy.reset();

        assertUnavailable(() -> stores.users().findByUsername("alice"));
        assertUnavailable(() -> stores.users().create(user("u-2", "bob")));

        proxy.pass();
        await().atMost(BOUND).ignoreExceptionsInstanceOf(StoreUnavailableException.class)
                .untilAsserted(() -> assertThat(stores.users().findByUsername("alice")).isPresent());
        assertThat(stores.users().findByUsername("bob")).isEmpty();
    }

    @Test
    void aSlowDatabaseStillAnswersCorrectly() {
        proxy.slow(Duration.ofMillis(50));

        stores.users().create(user("u-1", "alice"));
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);

        assertThat(stores.users().findByUsername("alice")).map(u -> u.id()).contains("u-1");
        assertThat(stores.refreshTokens().rotate("h1", next(first, "h2", NOW), NOW)).isInstanceOf(RotationResult.Rotated.class);
    }

    @Test
    void aRotationTheStallInterruptedIsNotCommittedSoTheSameTokenRotatesOnceAfterHealing() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        proxy.stall();

        assertUnavailable(() -> stores.refreshTokens().rotate("h1", next(first, "h2", NOW), NOW));

        proxy.pass();
        await().atMost(BOUND).ignoreExceptionsInstanceOf(StoreUnavailableException.class)
                .untilAsserted(() -> assertThat(stores.refreshTokens().findActive("h1", NOW)).isPresent());
        assertThat(stores.refreshTokens().find("h2")).isEmpty();
        assertThat(stores.refreshTokens().rotate("h1", next(first, "h3", NOW), NOW)).isInstanceOf(RotationResult.Rotated.class);
        assertThat(stores.refreshTokens().rotate("h1", next(first, "h4", NOW), NOW)).isInstanceOf(RotationResult.Reused.class);
    }

    @Test
    void connectionsCarryTheStatementTimeoutAndAStatementOverItIsUnavailable() throws Exception {
        try (Connection c = jdbc.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1s");
            }
            SQLException timedOut = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("SELECT pg_sleep(5)"));
            assertThat(timedOut.getSQLState()).isEqualTo("57014");
            assertThat(JdbcTransactions.failure("sleep", timedOut)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    private static void assertUnavailable(Runnable call) {
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(call::run).isInstanceOf(StoreUnavailableException.class));
    }
}

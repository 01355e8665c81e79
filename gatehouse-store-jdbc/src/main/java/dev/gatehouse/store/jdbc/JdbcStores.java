package dev.gatehouse.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Every store on one JDBC database (H2 file or PostgreSQL), behind one connection pool. */
public final class JdbcStores implements AutoCloseable {
    private static final int POOL_SIZE = 10;

    private final HikariDataSource dataSource;
    private final Stores stores;

    private JdbcStores(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        JdbcTransactions transactions = new JdbcTransactions(dataSource);
        this.stores = new Stores(transactions, new JdbcUserStore(transactions), new JdbcClientStore(transactions),
                new JdbcSessionStore(transactions), new JdbcRefreshTokenStore(transactions),
                new JdbcSigningKeyStore(transactions), new JdbcRevocationLog(transactions),
                new JdbcAuditLog(transactions), new JdbcUsedAssertionStore(transactions));
    }

    /** Opens a HikariCP pool, runs the Flyway migrations, builds the stores. */
    public static JdbcStores open(String jdbcUrl, String username, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gatehouse-db");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return new JdbcStores(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * jdbc URL of the H2 file database "gatehouse" inside dataDir (created if missing). The database stays
     * open until the pool closes ({@link #close()}), not until a JVM shutdown hook of H2's own runs; lock
     * waits get more room than H2's two-second default; H2's trace file is off, as it would quote the values
     * of failing statements.
     */
    public static String h2FileUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        String file = dir.resolve("gatehouse").toString();
        if (file.contains(";")) {
            throw new IllegalArgumentException("data directory must not contain ';': " + dir);
        }
        return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0";
    }

    public Stores stores() {
        return stores;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

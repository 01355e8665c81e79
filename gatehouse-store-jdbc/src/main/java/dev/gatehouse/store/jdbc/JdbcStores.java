package dev.gatehouse.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Every store on one JDBC database (H2 file or PostgreSQL), behind one connection pool. */
public final class JdbcStores implements AutoCloseable {
    private static final int POOL_SIZE = 10;
    /** An idle connection is checked before it is handed out; a dead one must not hold a request long. */
    private static final Duration MAX_VALIDATION = Duration.ofSeconds(1);
    private static final String H2_DATABASE = "gatehouse";
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final HikariDataSource dataSource;
    private final Stores stores;

    private JdbcStores(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        JdbcTransactions transactions = new JdbcTransactions(dataSource);
        this.stores = new Stores(transactions, new JdbcUserStore(transactions), new JdbcClientStore(transactions),
                new JdbcSessionStore(transactions), new JdbcRefreshTokenStore(transactions),
                new JdbcSigningKeyStore(transactions), new JdbcRevocationLog(transactions),
                new JdbcAuditLog(transactions), new JdbcUsedAssertionStore(transactions),
                new JdbcAuthorizationCodeStore(transactions), new JdbcAuthorizationRequestStore(transactions),
                new JdbcBrowserSessionStore(transactions), new JdbcConsentStore(transactions),
                new JdbcBackchannelLogoutStore(transactions));
    }

    /** {@link #open(String, String, String, DatabaseTimeouts)} with the default timeouts. */
    public static JdbcStores open(String jdbcUrl, String username, String password) {
        return open(jdbcUrl, username, password, DatabaseTimeouts.defaults());
    }

    /**
     * Opens a HikariCP pool, runs the Flyway migrations, builds the stores. The timeouts bound every wait on
     * the database (see {@link DatabaseTimeouts}); a value the JDBC URL sets itself takes precedence.
     */
    public static JdbcStores open(String jdbcUrl, String username, String password, DatabaseTimeouts timeouts) {
        HikariConfig migrations = migrationConfig(jdbcUrl, username, password, timeouts);
        // the serving pool opens first, so that an embedded database stays open once the migrations' pool closes
        HikariDataSource dataSource = new HikariDataSource(poolConfig(jdbcUrl, username, password, timeouts));
        try (HikariDataSource migrating = new HikariDataSource(migrations)) {
            Flyway.configure()
                    .dataSource(migrating)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return new JdbcStores(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Migrations may rightly run longer than any request: their connections have no statement or socket timeout. */
    static HikariConfig migrationConfig(String jdbcUrl, String username, String password, DatabaseTimeouts timeouts) {
        HikariConfig migrations = poolConfig(jdbcUrl, username, password, timeouts);
        migrations.setPoolName("gatehouse-migrations");
        migrations.setMaximumPoolSize(2);
        migrations.setConnectionInitSql(null);
        migrations.getDataSourceProperties().remove("socketTimeout");
        return migrations;
    }

    static HikariConfig poolConfig(String jdbcUrl, String username, String password, DatabaseTimeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gatehouse-db");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(timeouts.connect().toMillis());
        config.setValidationTimeout(Math.min(timeouts.connect().toMillis(), MAX_VALIDATION.toMillis()));
        long statementMillis = timeouts.statement().toMillis();
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // driver properties are read with Properties.getProperty, which sees String values only
            config.addDataSourceProperty("connectTimeout", String.valueOf(DatabaseTimeouts.seconds(timeouts.connect())));
            config.addDataSourceProperty("loginTimeout", String.valueOf(DatabaseTimeouts.seconds(timeouts.connect())));
            config.addDataSourceProperty("socketTimeout", String.valueOf(DatabaseTimeouts.seconds(timeouts.socket())));
            config.setConnectionInitSql("SET statement_timeout = " + statementMillis
                    + "; SET idle_in_transaction_session_timeout = " + timeouts.socket().toMillis());
        } else if (jdbcUrl.startsWith("jdbc:h2:")) {
            config.setConnectionInitSql("SET QUERY_TIMEOUT " + statementMillis);
        }
        return config;
    }

    /**
     * jdbc URL of the H2 file database "gatehouse" inside dataDir. The directory is created if missing, readable
     * by its owner only; so is the database file, and an existing one is made so (H2 would create it readable by
     * all, and it holds password hashes and the audit log). The database stays open until the pool closes
     * ({@link #close()}), not until a JVM shutdown hook of H2's own runs; lock waits get more room than H2's
     * two-second default; H2's trace file is off, as it would quote the values of failing statements.
     */
    public static String h2FileUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        String file = dir.resolve(H2_DATABASE).toString();
        if (file.contains(";")) {
            throw new IllegalArgumentException("data directory must not contain ';': " + dir);
        }
        try {
            createOwnerOnly(dir);
            ownerOnlyDatabaseFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data directory " + dir, e);
        }
        return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0";
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir.getParent());
        try {
            if (posix(dir.getParent())) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Creates the database file owner-only before H2 does, and restricts every file of it already there. */
    private static void ownerOnlyDatabaseFiles(Path dir) throws IOException {
        if (!posix(dir)) {
            return;
        }
        Path database = dir.resolve(H2_DATABASE + ".mv.db");
        if (!Files.exists(database)) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_FILE);
            try {
                Files.createFile(database, ownerOnly);
            } catch (FileAlreadyExistsException e) {
                // created meanwhile: restricted below
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, H2_DATABASE + ".*")) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && !Files.getPosixFilePermissions(f).equals(OWNER_FILE)) {
                    Files.setPosixFilePermissions(f, OWNER_FILE);
                }
            }
        }
    }

    private static boolean posix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView("posix");
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

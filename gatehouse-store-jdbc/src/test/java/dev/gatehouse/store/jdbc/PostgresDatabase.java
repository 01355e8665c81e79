package dev.gatehouse.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A schema of its own on the local PostgreSQL server for one test, dropped afterwards. The server is
 * {@code GATEHOUSE_TEST_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code GATEHOUSE_TEST_POSTGRES_USER}, default postgres, trust authentication). When it cannot be reached
 * the test fails under CI ({@code CI=true}) and is skipped with a message elsewhere.
 */
public final class PostgresDatabase {
    private static final String URL = env("GATEHOUSE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("GATEHOUSE_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = env("GATEHOUSE_TEST_POSTGRES_PASSWORD", "");

    private final String schema = "gh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    private boolean created;

    /** Opens the stores on this test's schema, creating it on first use; later calls reopen the same one. */
    public JdbcStores open() {
        return JdbcStores.open(url(), USER, PASSWORD);
    }

    /** Like {@link #open()}, through a proxy at {@code 127.0.0.1:port} instead of straight to the server. */
    public JdbcStores openVia(int port, DatabaseTimeouts timeouts) {
        URI server = serverUri();
        String direct = url();
        String authority = server.getHost() + (server.getPort() < 0 ? "" : ":" + server.getPort());
        return JdbcStores.open(direct.replaceFirst("//\\Q" + authority + "\\E/", "//127.0.0.1:" + port + "/"), USER,
                PASSWORD, timeouts);
    }

    /** Where the server listens, for a proxy to forward to. */
    public static InetSocketAddress serverAddress() {
        URI server = serverUri();
        return new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
    }

    private String url() {
        if (!created) {
            execute("CREATE SCHEMA " + schema);
            created = true;
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static URI serverUri() {
        return URI.create(URL.substring("jdbc:".length()));
    }

    public void drop() {
        if (created) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static Connection connect() {
        DriverManager.setLoginTimeout(5);
        try {
            return DriverManager.getConnection(URL, USER, PASSWORD);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + URL + " as " + USER + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI requires it)");
            }
            abort(message + "; skipping the PostgreSQL store tests (they run under CI)");
            throw new AssertionError("unreachable");
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

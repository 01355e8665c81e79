package dev.gatehouse.store.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a request may wait on the database before it is answered 503 instead. Validated here, once.
 *
 * @param connect   longest wait for a connection: from the pool (HikariCP {@code connectionTimeout}) and, for a
 *                  new one, to reach and log in to the server (PostgreSQL {@code connectTimeout} and
 *                  {@code loginTimeout})
 * @param statement the server cancels a statement that runs longer (PostgreSQL {@code statement_timeout}, H2
 *                  {@code QUERY_TIMEOUT})
 * @param socket    a server that sends nothing for this long is taken as gone (PostgreSQL {@code socketTimeout});
 *                  longer than {@code statement}, so that a slow statement is cancelled by the server and its
 *                  connection kept, rather than the connection dropped. PostgreSQL ends a transaction left idle
 *                  this long too ({@code idle_in_transaction_session_timeout}), so that a client it lost holds
 *                  no row locks
 */
public record DatabaseTimeouts(Duration connect, Duration statement, Duration socket) {
    public static final Duration MIN_CONNECT = Duration.ofMillis(250);
    public static final Duration MIN_STATEMENT = Duration.ofMillis(100);
    public static final Duration MIN_SOCKET = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofHours(1);

    public DatabaseTimeouts {
        Objects.requireNonNull(connect, "connect timeout");
        Objects.requireNonNull(statement, "statement timeout");
        Objects.requireNonNull(socket, "socket timeout");
        within("connect timeout", connect, MIN_CONNECT);
        within("statement timeout", statement, MIN_STATEMENT);
        within("socket timeout", socket, MIN_SOCKET);
        if (socket.compareTo(statement) <= 0) {
            throw new IllegalArgumentException("socket timeout " + socket + " must exceed the statement timeout " + statement);
        }
    }

    /** Five seconds to get a connection, five for a statement, ten of silence on a connection. */
    public static DatabaseTimeouts defaults() {
        return new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** Whole seconds, rounded up, for drivers that take no finer unit. */
    static int seconds(Duration d) {
        return (int) Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static void within(String name, Duration value, Duration min) {
        if (value.compareTo(min) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + ": " + min.toMillis() + " ms to 1 h, got " + value);
        }
    }
}

package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.store.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Owns every connection the stores use. Inside {@link #inTransaction} one connection is bound to the current
 * thread and every store call on that thread runs on it; nested calls join it. Outside a transaction each
 * store call borrows its own connection in autocommit mode.
 *
 * <p>A failure inside a transaction (a failed statement, or a nested unit that threw) marks it rollback-only,
 * even when the caller catches the exception: PostgreSQL aborts such a transaction anyway, and H2 is made to
 * behave the same so that no partial unit of work is ever committed.
 *
 * <p>A failure of the database rather than of the statement (lost or refused connection, a timeout, no
 * connection in the pool) is a {@link StoreUnavailableException}; every other one a {@link StoreException}.
 */
final class JdbcTransactions implements Transactions {
    /** Work on a connection; SQL failures are translated by the caller of this interface. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final class Bound {
        private final Connection connection;
        private boolean rollbackOnly;
        private boolean unavailable;

        private Bound(Connection connection) {
            this.connection = connection;
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";
    /**
     * SQLStates of a database that is gone or too slow, beyond class 08 (connection exception): statement
     * timeout or cancel (57014, H2's HYT00/HYT01), server shutting down or starting (57P01-57P03), too many
     * connections (53300), and serialization failure or deadlock (40001, 40P01), which a retry resolves.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57014", "HYT00", "HYT01", "57P01", "57P02", "57P03",
            "53300", "40001", "40P01");

    private final DataSource dataSource;
    private final ThreadLocal<Bound> bound = new ThreadLocal<>();

    JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Bound outer = bound.get();
        if (outer != null) {
            return onBound(outer, "nested transaction", connection -> work.get());
        }
        return transaction("transaction", connection -> work.get());
    }

    /** One store operation: on the thread's transaction when there is one, else on its own autocommit connection. */
    <T> T call(String operation, SqlWork<T> work) {
        Bound tx = bound.get();
        if (tx != null) {
            return onBound(tx, operation, work);
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Several statements that must commit together: joins the thread's transaction, or runs in a new one. */
    <T> T atomically(String operation, SqlWork<T> work) {
        Bound tx = bound.get();
        return tx != null ? onBound(tx, operation, work) : transaction(operation, work);
    }

    private <T> T onBound(Bound tx, String operation, SqlWork<T> work) {
        if (tx.rollbackOnly) {
            throw doomed(tx, operation + " refused: an earlier failure already doomed this transaction");
        }
        try {
            return work.run(tx.connection);
        } catch (SQLException e) {
            tx.rollbackOnly = true;
            RuntimeException failure = failure(operation, e);
            tx.unavailable |= failure instanceof StoreUnavailableException;
            throw failure;
        } catch (RuntimeException | Error e) {
            tx.rollbackOnly = true;
            tx.unavailable |= e instanceof StoreUnavailableException;
            throw e;
        }
    }

    /** A transaction an earlier failure doomed fails as that failure did: unavailable, or a store error. */
    private static RuntimeException doomed(Bound tx, String message) {
        return tx.unavailable ? new StoreUnavailableException(message) : new StoreException(message);
    }

    private <T> T transaction(String operation, SqlWork<T> work) {
        Bound tx;
        try {
            tx = new Bound(dataSource.getConnection());
        } catch (SQLException e) {
            throw failure(operation, e);
        }
        try (Connection connection = tx.connection) {
            connection.setAutoCommit(false);
            bound.set(tx);
            T result;
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                bound.remove();
            }
            if (tx.rollbackOnly) {
                connection.rollback();
                throw doomed(tx, operation + " rolled back: a unit of work inside it failed");
            }
            connection.commit();
            return result;
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(new StoreException("rollback", e));
        }
    }

    static RuntimeException failure(String operation, SQLException e) {
        if (isUniqueViolation(e)) {
            return new DuplicateException(operation + ": already exists");
        }
        if (isUnavailable(e)) {
            return new StoreUnavailableException(StoreException.describe(operation, e));
        }
        return new StoreException(operation, e);
    }

    /** The database, not the statement, failed: see {@link #UNAVAILABLE_STATES}. */
    static boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException x && x.getSQLState() != null
                    && (x.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(x.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}

package dev.gatehouse.store.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * A database failure. The driver's own message is left out unless the failure is about the connection:
 * drivers quote the failing statement and its values, which may be hashes or encrypted keys.
 */
public final class StoreException extends RuntimeException {
    StoreException(String message) {
        super(message);
    }

    StoreException(String operation, SQLException e) {
        super(describe(operation, e));
    }

    static String describe(String operation, SQLException e) {
        String state = e.getSQLState();
        String text = operation + " failed: SQLState " + state + ", vendor code " + e.getErrorCode();
        boolean connection = e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException
                || (state != null && state.startsWith("08"));
        return connection ? text + " (" + e.getMessage() + ")" : text;
    }
}

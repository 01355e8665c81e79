package dev.gatehouse.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JdbcFailureTest {
    @ParameterizedTest
    @ValueSource(strings = {"08001", "08003", "08006", "57014", "HYT00", "57P01", "57P03", "53300", "40001", "40P01"})
    void aDatabaseThatIsGoneOrTooSlowIsUnavailable(String state) {
        RuntimeException failure = JdbcTransactions.failure("find user", new SQLException("driver says", state));

        assertThat(failure).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("find user")
                .hasMessageContaining(state);
    }

    @Test
    void thePoolsAcquisitionTimeoutAndTheDriversConnectionFailuresAreUnavailable() {
        assertThat(JdbcTransactions.failure("a", new SQLTransientConnectionException("Connection is not available, request timed out")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(JdbcTransactions.failure("a", new SQLNonTransientConnectionException("connection closed")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(JdbcTransactions.failure("a", new SQLTimeoutException("timed out")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(JdbcTransactions.failure("a", new SQLException("wrapped", null, new SQLException("I/O error", "08006"))))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23503", "23502", "22001", "42P01", "42601", "XX000"})
    void constraintDataAndStatementErrorsAreNotUnavailable(String state) {
        RuntimeException failure = JdbcTransactions.failure("save user", new SQLException("secret value 'x'", state));

        assertThat(failure).isInstanceOf(StoreException.class).isNotInstanceOf(StoreUnavailableException.class);
        assertThat(failure.getMessage()).doesNotContain("secret value");
    }

    @Test
    void aUniqueViolationStaysADuplicate() {
        assertThat(JdbcTransactions.failure("create user", new SQLException("dup", "23505")))
                .isInstanceOf(DuplicateException.class);
    }
}

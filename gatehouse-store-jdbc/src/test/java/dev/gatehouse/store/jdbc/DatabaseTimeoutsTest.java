package dev.gatehouse.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseTimeoutsTest {
    @Test
    void aSocketTimeoutNotAboveTheStatementTimeoutIsRefused() {
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket timeout");
    }

    @Test
    void timeoutsOutsideTheirRangeAreRefusedByName() {
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(2)))
                .hasMessageContaining("statement timeout");
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofDays(1)))
                .hasMessageContaining("socket timeout");
    }

    @Test
    void aPostgresPoolGetsTheAcquisitionTimeoutTheDriverTimeoutsAndTheServerSideTimeouts() {
        HikariConfig config = JdbcStores.poolConfig("jdbc:postgresql://db.internal:5432/gatehouse", "u", "p",
                new DatabaseTimeouts(Duration.ofMillis(2500), Duration.ofSeconds(4), Duration.ofSeconds(9)));

        assertThat(config.getConnectionTimeout()).isEqualTo(2500);
        assertThat(config.getValidationTimeout()).isLessThanOrEqualTo(2500);
        assertThat(config.getDataSourceProperties()).containsEntry("connectTimeout", "3").containsEntry("loginTimeout", "3")
                .containsEntry("socketTimeout", "9");
        assertThat(config.getConnectionInitSql()).contains("statement_timeout = 4000")
                .contains("idle_in_transaction_session_timeout = 9000");
    }

    @Test
    void migrationsRunWithoutStatementOrSocketTimeoutSinceTheyMayRightlyTakeLonger() {
        HikariConfig config = JdbcStores.migrationConfig("jdbc:postgresql://db.internal:5432/gatehouse", "u", "p",
                DatabaseTimeouts.defaults());

        assertThat(config.getConnectionInitSql()).isNull();
        assertThat(config.getDataSourceProperties()).doesNotContainKey("socketTimeout").containsEntry("connectTimeout", "5");
    }

    @Test
    void anH2PoolGetsTheAcquisitionTimeoutAndTheQueryTimeout() {
        HikariConfig config = JdbcStores.poolConfig("jdbc:h2:mem:x", "", "", DatabaseTimeouts.defaults());

        assertThat(config.getConnectionTimeout()).isEqualTo(5000);
        assertThat(config.getConnectionInitSql()).isEqualTo("SET QUERY_TIMEOUT 5000");
    }
}

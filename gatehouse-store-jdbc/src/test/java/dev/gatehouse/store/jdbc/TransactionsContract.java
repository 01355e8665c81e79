package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.client;
import static dev.gatehouse.store.jdbc.Fixtures.session;
import static dev.gatehouse.store.jdbc.Fixtures.signingKey;
import static dev.gatehouse.store.jdbc.Fixtures.token;
import static dev.gatehouse.store.jdbc.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.refresh.RotationResult;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.user.User;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TransactionsContract extends StoreContract {

    @Test
    void transactionCommitsWritesOfSeveralStoresAndReturnsTheResult() {
        String result = stores.transactions().inTransaction(() -> {
            stores.users().create(user("u-1", "alice"));
            stores.clients().create(client("orders"));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(stores.users().findById("u-1")).isPresent();
        assertThat(stores.clients().find("orders")).isPresent();
    }

    @Test
    void transactionThatThrowsRollsBackWritesOfEveryStoreAndRethrows() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> stores.transactions().run(() -> {
            stores.users().create(user("u-1", "alice"));
            stores.clients().create(client("orders"));
            stores.sessions().create(session("sid-1", "u-1", "orders", T0));
            stores.refreshTokens().save(token("h1", "fam-1"));
            throw boom;
        })).isSameAs(boom);

        assertThat(stores.users().findById("u-1")).isEmpty();
        assertThat(stores.clients().find("orders")).isEmpty();
        assertThat(stores.sessions().find("sid-1")).isEmpty();
        assertThat(stores.refreshTokens().find("h1")).isEmpty();
    }

    @Test
    void nestedTransactionJoinsTheOuterOne() {
        assertThatThrownBy(() -> stores.transactions().run(() -> {
            stores.users().create(user("u-1", "alice"));
            stores.transactions().run(() -> {
                assertThat(stores.users().findById("u-1")).isPresent();
                stores.clients().create(client("orders"));
            });
            throw new IllegalStateException("outer fails after the inner unit completed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(stores.users().findById("u-1")).isEmpty();
        assertThat(stores.clients().find("orders")).isEmpty();
    }

    @Test
    void uncommittedWritesAreInvisibleToOtherThreadsUntilCommit() {
        Optional<User> seenFromOtherThread = stores.transactions().inTransaction(() -> {
            stores.users().create(user("u-1", "alice"));
            return CompletableFuture.supplyAsync(() -> stores.users().findById("u-1")).join();
        });

        assertThat(seenFromOtherThread).isEmpty();
        assertThat(CompletableFuture.supplyAsync(() -> stores.users().findById("u-1")).join()).isPresent();
    }

    @Test
    void nestedFailureCaughtByTheOuterUnitStillRollsEverythingBack() {
        assertThatThrownBy(() -> stores.transactions().run(() -> {
            stores.users().create(user("u-1", "alice"));
            try {
                stores.transactions().run(() -> {
                    stores.clients().create(client("orders"));
                    throw new IllegalStateException("inner");
                });
            } catch (IllegalStateException ignored) {
                // the outer unit carries on as if nothing happened
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("rolled back");

        assertThat(stores.users().findById("u-1")).isEmpty();
        assertThat(stores.clients().find("orders")).isEmpty();
    }

    @Test
    void duplicateCaughtInsideATransactionDoomsItLikePostgreSqlDoes() {
        stores.users().create(user("u-1", "alice"));

        assertThatThrownBy(() -> stores.transactions().run(() -> {
            stores.clients().create(client("orders"));
            try {
                stores.users().create(user("u-2", "alice"));
            } catch (DuplicateException ignored) {
                // carrying on is not allowed
            }
            stores.users().findById("u-1");
        })).isInstanceOf(StoreException.class).hasMessageContaining("doomed");

        assertThat(stores.clients().find("orders")).isEmpty();
    }

    @Test
    void rotationJoinsTheCallersTransaction() {
        stores.refreshTokens().save(token("h1", "fam-1"));

        assertThatThrownBy(() -> stores.transactions().run(() -> {
            assertThat(stores.refreshTokens().rotate("h1", Fixtures.next(token("h1", "fam-1"), "h2", T0), T0))
                    .isInstanceOf(RotationResult.Rotated.class);
            throw new IllegalStateException("caller fails after rotating");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(stores.refreshTokens().findActive("h1", T0)).isPresent();
        assertThat(stores.refreshTokens().find("h2")).isEmpty();
    }

    @Test
    void connectionsGoBackToThePoolAfterCallsCommitsAndFailures() {
        stores.users().create(user("u-1", "alice"));
        stores.transactions().run(() -> stores.users().findById("u-1"));
        for (int i = 0; i < 15; i++) {
            assertThatThrownBy(() -> stores.users().create(user("u-1", "alice"))).isInstanceOf(DuplicateException.class);
            assertThatThrownBy(() -> stores.transactions().run(() -> {
                throw new IllegalStateException();
            })).isInstanceOf(IllegalStateException.class);
        }

        assertThat(((HikariDataSource) jdbc.dataSource()).getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void databaseFailureNamesTheOperationButNotTheValues() {
        String longHash = "$argon2id$" + "x".repeat(2000);
        User user = user("u-1", "alice").withPasswordHash(longHash, T0);

        assertThatThrownBy(() -> stores.users().create(user))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("create user alice failed: SQLState 22001")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xxxx").doesNotContain("INSERT"));
    }

    @Test
    void everyStoreKeepsItsDataAcrossARestart() {
        stores.users().create(user("u-1", "alice"));
        stores.clients().create(client("orders"));
        stores.sessions().create(session("sid-1", "u-1", "orders", T0));
        stores.refreshTokens().save(token("h1", "fam-1"));
        stores.signingKeys().save(signingKey("k1", T0));
        stores.revocationLog().append(RevocationKind.JTI, "jti-1", T0, at(HOUR));
        stores.audit().record(AuditEvent.of(T0, "user.created", "admin", "u-1", null, null, Map.of("username", "alice")));

        restart();

        assertThat(stores.users().findByUsername("ALICE")).contains(user("u-1", "alice"));
        assertThat(stores.clients().find("orders")).contains(client("orders"));
        assertThat(stores.sessions().find("sid-1")).contains(session("sid-1", "u-1", "orders", T0));
        assertThat(stores.refreshTokens().findActive("h1", T0)).contains(token("h1", "fam-1"));
        assertThat(stores.signingKeys().all()).containsExactly(signingKey("k1", T0));
        assertThat(stores.revocationLog().lastSequence()).isEqualTo(1);
        assertThat(stores.revocationLog().append(RevocationKind.JTI, "jti-2", T0, at(HOUR)).sequence()).isEqualTo(2);
        assertThat(stores.audit().query(new AuditQuery(null, null, "u-1", null, 10)))
                .extracting(AuditEvent::details).containsExactly(Map.of("username", "alice"));
    }
}

package dev.gatehouse.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.user.LastAdminException;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserService;
import dev.gatehouse.server.testing.TestIssuer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two administrators, the only two, take the admin role from each other at the same moment, on the issuer's
 * own database: one change goes through and the other is refused, whatever the interleaving.
 */
class LastAdminRaceTest {
    private static final int ROUNDS = 10;

    @TempDir
    Path dir;

    private TestIssuer issuer;
    private UserService users;
    private ExecutorService threads;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        users = issuer.services().users();
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        issuer.close();
    }

    @Test
    void twoAdminsDroppingEachOthersRoleAtOnceLeaveOneAdmin() throws Exception {
        race((admin, other) -> users.setRoles(other, Set.of("viewer"), "admin:" + admin));
    }

    @Test
    void twoAdminsDisablingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        race((admin, other) -> users.setDisabled(other, true, "admin:" + admin));
    }

    @Test
    void twoAdminsDeletingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        race((admin, other) -> users.delete(other, "admin:" + admin));
    }

    private void race(BiConsumer<String, String> removeOther) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String a = admin("a" + round);
            String b = admin("b" + round);
            CountDownLatch go = new CountDownLatch(1);
            Future<?> aRemovesB = threads.submit(() -> {
                go.await();
                removeOther.accept(a, b);
                return null;
            });
            Future<?> bRemovesA = threads.submit(() -> {
                go.await();
                removeOther.accept(b, a);
                return null;
            });
            go.countDown();
            int succeeded = outcome(aRemovesB) + outcome(bRemovesA);

            List<User> admins = enabledAdmins();
            assertThat(admins).as("round %d", round).hasSize(1);
            assertThat(succeeded).as("round %d", round).isEqualTo(1);
            // Straight to the store, past the check: the next round starts again with exactly two admins.
            User survivor = admins.getFirst();
            issuer.services().stores().users().update(survivor.withRoles(Set.of(), issuer.clock().instant()));
            assertThat(enabledAdmins()).as("round %d", round).isEmpty();
        }
    }

    /** 1 when the change went through, 0 when it was refused as taking away the last admin. */
    private static int outcome(Future<?> change) throws Exception {
        try {
            change.get(15, TimeUnit.SECONDS);
            return 1;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LastAdminException.class);
            return 0;
        }
    }

    private String admin(String username) {
        return issuer.createUser(username, "admin-password", Set.of("admin")).id();
    }

    private List<User> enabledAdmins() {
        return users.list(null, 0, 200).items().stream()
                .filter(u -> !u.disabled() && u.roles().contains("admin"))
                .toList();
    }
}

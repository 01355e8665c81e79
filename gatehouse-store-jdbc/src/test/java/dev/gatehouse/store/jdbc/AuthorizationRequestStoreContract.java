package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.authorize.AuthorizationRequestStore;
import dev.gatehouse.core.authorize.StoredAuthorizationRequest;
import dev.gatehouse.core.authorize.StoredAuthorizationRequest.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AuthorizationRequestStoreContract extends StoreContract {
    private AuthorizationRequestStore requests() {
        return stores.authorizationRequests();
    }

    private static StoredAuthorizationRequest request(String hash, Kind kind, Duration life) {
        return new StoredAuthorizationRequest(hash, kind, "web", "client_id=web&state=%C3%A9+x&scope=openid",
                kind == Kind.PENDING ? "binding-hash" : null, T0.plus(life));
    }

    @Test
    void savedRequestIsFoundAsSavedAndStays() {
        StoredAuthorizationRequest saved = request("h1", Kind.PENDING, Duration.ofMinutes(10));
        requests().save(saved);

        assertThat(requests().find("h1")).contains(saved);
        assertThat(requests().find("h1")).contains(saved);
        assertThat(requests().find("other")).isEmpty();
    }

    @Test
    void takeReturnsTheRequestOnceAndRemovesIt() {
        StoredAuthorizationRequest saved = request("h1", Kind.PUSHED, Duration.ofSeconds(60));
        requests().save(saved);

        assertThat(requests().take("h1")).contains(saved);
        assertThat(requests().take("h1")).isEmpty();
        assertThat(requests().find("h1")).isEmpty();
    }

    @Test
    void concurrentTakesGiveTheRequestToExactlyOne() throws Exception {
        requests().save(request("h1", Kind.PUSHED, Duration.ofSeconds(60)));
        List<Future<Optional<StoredAuthorizationRequest>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<Optional<StoredAuthorizationRequest>>) () -> requests().take("h1")));
            }
            int taken = 0;
            for (Future<Optional<StoredAuthorizationRequest>> f : results) {
                taken += f.get().isPresent() ? 1 : 0;
            }
            assertThat(taken).isOne();
        }
    }

    @Test
    void deleteReportsWhetherThereWasOne() {
        requests().save(request("h1", Kind.PENDING, Duration.ofMinutes(10)));

        assertThat(requests().delete("h1")).isTrue();
        assertThat(requests().delete("h1")).isFalse();
    }

    @Test
    void purgeForgetsOnlyExpiredRequests() {
        requests().save(request("old", Kind.PUSHED, Duration.ofSeconds(60)));
        requests().save(request("new", Kind.PENDING, Duration.ofMinutes(10)));

        assertThat(requests().purgeExpired(T0.plus(Duration.ofMinutes(5)))).isOne();
        assertThat(requests().find("old")).isEmpty();
        assertThat(requests().find("new")).isPresent();
    }

    @Test
    void requestSurvivesARestart() {
        StoredAuthorizationRequest saved = request("h1", Kind.PENDING, Duration.ofMinutes(10));
        requests().save(saved);

        restart();

        assertThat(requests().find("h1")).contains(saved);
    }
}

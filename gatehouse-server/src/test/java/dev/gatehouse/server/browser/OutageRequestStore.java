package dev.gatehouse.server.browser;

import dev.gatehouse.core.authorize.AuthorizationRequestStore;
import dev.gatehouse.core.authorize.StoredAuthorizationRequest;
import dev.gatehouse.core.store.StoreUnavailableException;
import java.time.Instant;
import java.util.Optional;

/** The authorization request store, failing as an unreachable database does while {@link #down}. */
final class OutageRequestStore implements AuthorizationRequestStore {
    static volatile boolean down;

    private final AuthorizationRequestStore store;

    OutageRequestStore(AuthorizationRequestStore store) {
        this.store = store;
    }

    private void check() {
        if (down) {
            throw new StoreUnavailableException("database down");
        }
    }

    @Override
    public void save(StoredAuthorizationRequest request) {
        check();
        store.save(request);
    }

    @Override
    public Optional<StoredAuthorizationRequest> find(String handleHash) {
        check();
        return store.find(handleHash);
    }

    @Override
    public Optional<StoredAuthorizationRequest> take(String handleHash) {
        check();
        return store.take(handleHash);
    }

    @Override
    public boolean delete(String handleHash) {
        check();
        return store.delete(handleHash);
    }

    @Override
    public int purgeExpired(Instant before) {
        check();
        return store.purgeExpired(before);
    }
}

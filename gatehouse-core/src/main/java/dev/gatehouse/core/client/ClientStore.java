package dev.gatehouse.core.client;

import java.util.List;
import java.util.Optional;

public interface ClientStore {
    /** @throws dev.gatehouse.core.store.DuplicateException when the client id is taken */
    void create(OAuthClient client);

    /** Replaces every field but clientId and createdAt; false when absent. */
    boolean update(OAuthClient client);

    boolean delete(String clientId);

    Optional<OAuthClient> find(String clientId);

    List<OAuthClient> list();
}

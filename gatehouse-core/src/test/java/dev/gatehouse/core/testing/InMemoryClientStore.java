package dev.gatehouse.core.testing;

import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.store.StoreUnavailableException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A client store held in a map, for tests. */
public final class InMemoryClientStore implements ClientStore {
    private final Map<String, OAuthClient> clients = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    /** While set, lookups fail as a database that cannot be reached would. */
    public void unavailable(boolean value) {
        unavailable = value;
    }

    @Override
    public void create(OAuthClient client) {
        if (clients.putIfAbsent(client.clientId(), client) != null) {
            throw new DuplicateException("client_id taken: " + client.clientId());
        }
    }

    @Override
    public boolean update(OAuthClient client) {
        return clients.computeIfPresent(client.clientId(), (id, old) -> new OAuthClient(id, client.name(),
                client.secretHash(), client.authMethods(), client.jwks(), client.grantTypes(), client.scopes(),
                client.audiences(), client.roles(), client.redirectUris(), client.firstParty(), client.introspection(),
                client.accessTokenTtl(), client.refreshIdleTtl(), client.refreshAbsoluteTtl(), client.refreshGracePeriod(),
                client.signingAlgorithm(),
                old.createdAt(), client.browser())) != null;
    }

    @Override
    public boolean delete(String clientId) {
        return clients.remove(clientId) != null;
    }

    @Override
    public Optional<OAuthClient> find(String clientId) {
        if (unavailable) {
            throw new StoreUnavailableException("find client: the store is unavailable");
        }
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public List<OAuthClient> list() {
        return clients.values().stream().sorted(Comparator.comparing(OAuthClient::clientId)).toList();
    }
}

package dev.gatehouse.core.testing;

import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserStore;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A user store held in a map, for tests. */
public final class InMemoryUserStore implements UserStore {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    /** While set, lookups by username fail as a database that cannot be reached would. */
    public void unavailable(boolean value) {
        unavailable = value;
    }

    @Override
    public synchronized void create(User user) {
        if (findByUsername(user.username()).isPresent() || users.putIfAbsent(user.id(), user) != null) {
            throw new DuplicateException("username taken: " + user.username());
        }
    }

    @Override
    public boolean update(User user) {
        return users.replace(user.id(), user) != null;
    }

    @Override
    public boolean delete(String id) {
        return users.remove(id) != null;
    }

    @Override
    public Optional<User> findById(String id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Optional<User> findByIdForUpdate(String id) {
        return findById(id);
    }

    /** No locks: tests on this store run one change at a time. */
    @Override
    public Set<String> lockEnabledWithRole(String role) {
        return users.values().stream()
                .filter(u -> !u.disabled() && u.roles().contains(role))
                .map(User::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean replacePasswordHash(String id, String expectedHash, String newHash, java.time.Instant updatedAt) {
        User[] replaced = new User[1];
        users.computeIfPresent(id, (k, u) -> expectedHash.equals(u.passwordHash())
                ? (replaced[0] = u.withPasswordHash(newHash, updatedAt)) : u);
        return replaced[0] != null;
    }

    @Override
    public Optional<User> findByUsername(String username) {
        if (unavailable) {
            throw new StoreUnavailableException("find user: the store is unavailable");
        }
        return users.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
    }

    @Override
    public Page<User> list(String search, int offset, int limit) {
        List<User> matching = users.values().stream()
                .filter(u -> search == null || u.username().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing(User::username))
                .toList();
        return new Page<>(matching.stream().skip(offset).limit(limit).toList(), matching.size(), offset, limit);
    }
}

package dev.gatehouse.core.testing;

import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.store.DuplicateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A session store held in a map, for tests. */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    @Override
    public synchronized void create(Session session) {
        if (sessions.putIfAbsent(session.id(), session) != null) {
            throw new DuplicateException("session id taken: " + session.id());
        }
    }

    @Override
    public synchronized Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public synchronized List<Session> listActive(String subject, Instant now) {
        return sessions.values().stream()
                .filter(s -> s.subject().equals(subject) && s.isActive(now))
                .sorted(Comparator.comparing(Session::createdAt).reversed())
                .toList();
    }

    @Override
    public synchronized void touch(String id, Instant at) {
        sessions.computeIfPresent(id, (k, s) -> new Session(s.id(), s.subject(), s.clientId(), s.authTime(),
                s.createdAt(), at, s.expiresAt(), s.ipAddress(), s.userAgent(), s.revokedAt()));
    }

    @Override
    public synchronized boolean revoke(String id, Instant at) {
        return !revokeWhere(s -> s.id().equals(id), at).isEmpty();
    }

    @Override
    public synchronized List<String> revokeAll(String subject, Instant at) {
        return revokeWhere(s -> s.subject().equals(subject) && s.isActive(at), at);
    }

    @Override
    public synchronized List<String> revokeAllOfClient(String clientId, Instant at) {
        return revokeWhere(s -> s.clientId().equals(clientId) && s.isActive(at), at);
    }

    private List<String> revokeWhere(Predicate<Session> which, Instant at) {
        List<String> revoked = new ArrayList<>();
        sessions.replaceAll((id, s) -> {
            if (s.revokedAt() != null || !which.test(s)) {
                return s;
            }
            revoked.add(id);
            return new Session(s.id(), s.subject(), s.clientId(), s.authTime(), s.createdAt(), s.lastUsedAt(),
                    s.expiresAt(), s.ipAddress(), s.userAgent(), at);
        });
        return revoked;
    }
}

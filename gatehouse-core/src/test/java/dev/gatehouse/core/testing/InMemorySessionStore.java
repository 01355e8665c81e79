package dev.gatehouse.core.testing;

import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** A session store held in a map, for tests. */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public void create(Session session) {
        sessions.put(session.id(), session);
    }

    @Override
    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public List<Session> listActive(String subject, Instant now) {
        return sessions.values().stream().filter(s -> s.subject().equals(subject) && s.isActive(now))
                .sorted(Comparator.comparing(Session::createdAt).reversed()).toList();
    }

    @Override
    public void touch(String id, Instant at) {
        sessions.computeIfPresent(id, (k, s) -> new Session(s.id(), s.subject(), s.clientId(), s.authTime(),
                s.createdAt(), at, s.expiresAt(), s.ipAddress(), s.userAgent(), s.revokedAt()));
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return !revokeWhere(s -> s.id().equals(id), at).isEmpty();
    }

    @Override
    public List<String> revokeAll(String subject, Instant at) {
        return revokeWhere(s -> s.subject().equals(subject), at);
    }

    @Override
    public List<String> revokeAllOfClient(String clientId, Instant at) {
        return revokeWhere(s -> s.clientId().equals(clientId), at);
    }

    private synchronized List<String> revokeWhere(Predicate<Session> matches, Instant at) {
        List<String> revoked = sessions.values().stream().filter(s -> matches.test(s) && s.isActive(at))
                .map(Session::id).toList();
        for (String id : revoked) {
            Session s = sessions.get(id);
            sessions.put(id, new Session(s.id(), s.subject(), s.clientId(), s.authTime(), s.createdAt(),
                    s.lastUsedAt(), s.expiresAt(), s.ipAddress(), s.userAgent(), at));
        }
        return revoked;
    }
}

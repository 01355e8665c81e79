package dev.gatehouse.core.testing;

import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.browser.BrowserSessionStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Browser sessions held in a map, for tests. */
public final class InMemoryBrowserSessionStore implements BrowserSessionStore {
    private final Map<String, BrowserSession> sessions = new ConcurrentHashMap<>();

    @Override
    public void create(BrowserSession session) {
        sessions.put(session.idHash(), session);
    }

    @Override
    public Optional<BrowserSession> find(String idHash) {
        return Optional.ofNullable(sessions.get(idHash));
    }

    @Override
    public void touch(String idHash, Instant at) {
        sessions.computeIfPresent(idHash, (k, b) -> b.lastSeenAt().isBefore(at) ? new BrowserSession(b.idHash(),
                b.sessionId(), b.subject(), b.authTime(), b.createdAt(), at, b.expiresAt()) : b);
    }

    @Override
    public boolean delete(String idHash) {
        return sessions.remove(idHash) != null;
    }

    @Override
    public int purgeExpired(Instant before) {
        int before0 = sessions.size();
        sessions.values().removeIf(b -> b.expiresAt().isBefore(before));
        return before0 - sessions.size();
    }
}

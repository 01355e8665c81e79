package dev.gatehouse.core.browser;

import java.time.Instant;
import java.util.Optional;

public interface BrowserSessionStore {
    void create(BrowserSession session);

    Optional<BrowserSession> find(String idHash);

    /** Ends the browser session; false when absent. */
    boolean delete(String idHash);

    /** Forgets browser sessions that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}

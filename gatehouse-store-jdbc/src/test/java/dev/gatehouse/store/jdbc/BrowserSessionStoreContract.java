package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.browser.BrowserSessionStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrowserSessionStoreContract extends StoreContract {
    private BrowserSessionStore browserSessions() {
        return stores.browserSessions();
    }

    private static BrowserSession session(String hash, Duration life) {
        return new BrowserSession(hash, "sid-1", "user-1", T0, T0, T0, T0.plus(life));
    }

    @Test
    void createdSessionIsFoundAsCreated() {
        BrowserSession created = session("h1", Duration.ofHours(12));
        browserSessions().create(created);

        assertThat(browserSessions().find("h1")).contains(created);
        assertThat(browserSessions().find("h2")).isEmpty();
    }

    @Test
    void touchMovesTheLastSeenTimeForwardOnly() {
        browserSessions().create(session("h1", Duration.ofHours(12)));

        browserSessions().touch("h1", T0.plus(Duration.ofMinutes(5)));
        browserSessions().touch("h1", T0.plus(Duration.ofMinutes(2)));

        assertThat(browserSessions().find("h1").orElseThrow().lastSeenAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void deleteEndsTheSessionAndReportsWhetherThereWasOne() {
        browserSessions().create(session("h1", Duration.ofHours(12)));

        assertThat(browserSessions().delete("h1")).isTrue();
        assertThat(browserSessions().delete("h1")).isFalse();
        assertThat(browserSessions().find("h1")).isEmpty();
    }

    @Test
    void purgeForgetsOnlyExpiredSessions() {
        browserSessions().create(session("old", Duration.ofMinutes(30)));
        browserSessions().create(session("new", Duration.ofHours(12)));

        assertThat(browserSessions().purgeExpired(T0.plus(Duration.ofHours(1)))).isOne();
        assertThat(browserSessions().find("old")).isEmpty();
        assertThat(browserSessions().find("new")).isPresent();
    }

    @Test
    void sessionSurvivesARestart() {
        BrowserSession created = session("h1", Duration.ofHours(12));
        browserSessions().create(created);

        restart();

        assertThat(browserSessions().find("h1")).contains(created);
    }
}

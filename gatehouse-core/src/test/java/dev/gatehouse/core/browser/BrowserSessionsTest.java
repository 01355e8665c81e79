package dev.gatehouse.core.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.BrowserSessionConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.testing.InMemoryBrowserSessionStore;
import dev.gatehouse.core.testing.InMemorySessionStore;
import dev.gatehouse.core.testing.InMemoryTransactions;
import dev.gatehouse.core.testing.InMemoryUserStore;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrowserSessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryBrowserSessionStore store = new InMemoryBrowserSessionStore();
    private final BrowserSessions browserSessions = new BrowserSessions(new InMemoryTransactions(), users, sessions,
            store, TokenConfig.defaults(URI.create("https://issuer.test")),
            new BrowserSessionConfig(Duration.ofMinutes(30), Duration.ofHours(12)), clock);
    private final OAuthClient client = TestClients.publicClient("spa").build();
    private final User alice = new User("u-alice", "alice", "hash", false, Set.of(), clock.instant(), clock.instant());

    BrowserSessionsTest() {
        users.create(alice);
    }

    @Test
    void startCreatesALoginSessionAndABrowserSessionStoredByHash() {
        BrowserSessions.Started started = browserSessions.start(alice, client, "192.0.2.1", "agent");

        BrowserSession b = started.session();
        assertThat(b.idHash()).isEqualTo(Secrets.sha256(started.cookieValue()));
        assertThat(store.find(b.idHash())).contains(b);
        Session session = sessions.find(b.sessionId()).orElseThrow();
        assertThat(session.subject()).isEqualTo(alice.id());
        assertThat(session.clientId()).isEqualTo("spa");
        assertThat(b.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(browserSessions.current(started.cookieValue())).isPresent();
    }

    @Test
    void everyStartHasANewCookieValue() {
        String first = browserSessions.start(alice, client, null, null).cookieValue();
        String second = browserSessions.start(alice, client, null, null).cookieValue();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aUserChangedSinceThePasswordCheckIsRefused() {
        users.update(alice.withDisabled(true, clock.instant()));

        assertThatThrownBy(() -> browserSessions.start(alice, client, null, null)).isInstanceOf(OAuthException.class);
        assertThat(sessions.listActive(alice.id(), clock.instant())).isEmpty();
    }

    @Test
    void malformedOrUnknownCookieValuesFindNothing() {
        assertThat(browserSessions.current(null)).isEmpty();
        assertThat(browserSessions.current("x")).isEmpty();
        assertThat(browserSessions.current(Secrets.newToken())).isEmpty();
    }

    @Test
    void aRevokedLoginSessionEndsTheBrowserSession() {
        BrowserSessions.Started started = browserSessions.start(alice, client, null, null);

        sessions.revoke(started.session().sessionId(), clock.instant());

        assertThat(browserSessions.current(started.cookieValue())).isEmpty();
        assertThat(store.find(started.session().idHash())).isEmpty();
    }

    @Test
    void idleLimitEndsAnUnusedSessionAndUseWithinItKeepsIt() {
        BrowserSessions.Started started = browserSessions.start(alice, client, null, null);
        clock.advance(Duration.ofMinutes(29));
        assertThat(browserSessions.current(started.cookieValue())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(browserSessions.current(started.cookieValue())).isPresent();

        clock.advance(Duration.ofMinutes(30));

        assertThat(browserSessions.current(started.cookieValue())).isEmpty();
    }

    @Test
    void theIdleClockIsWrittenAtMostOncePerMinute() {
        BrowserSessions.Started started = browserSessions.start(alice, client, null, null);
        clock.advance(Duration.ofSeconds(30));
        browserSessions.current(started.cookieValue());
        assertThat(store.find(started.session().idHash()).orElseThrow().lastSeenAt()).isEqualTo(started.session().lastSeenAt());

        clock.advance(Duration.ofSeconds(31));
        browserSessions.current(started.cookieValue());

        assertThat(store.find(started.session().idHash()).orElseThrow().lastSeenAt()).isEqualTo(clock.instant());
    }

    @Test
    void absoluteLimitEndsTheSessionHoweverUsed() {
        BrowserSessions.Started started = browserSessions.start(alice, client, null, null);
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            browserSessions.current(started.cookieValue());
        }
        clock.advance(Duration.ofMinutes(29));

        assertThat(browserSessions.current(started.cookieValue())).isEmpty();
    }

    @Test
    void endForgetsTheSession() {
        BrowserSessions.Started started = browserSessions.start(alice, client, null, null);

        browserSessions.end(started.cookieValue());

        assertThat(browserSessions.current(started.cookieValue())).isEmpty();
    }
}

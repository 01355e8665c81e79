package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.testing.MutableClock;
import dev.gatehouse.server.testing.TestIssuer;
import dev.gatehouse.store.jdbc.JdbcStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuerTest {
    @TempDir
    Path dataDir;

    @Test
    void startRunsTheBeforeListeningHookWhileThePortIsStillClosed() {
        IssuerConfig config;
        try (TestIssuer probe = TestIssuer.start(dataDir.resolve("probe"))) {
            config = probe.config();
        }
        AtomicBoolean portWasOpen = new AtomicBoolean(true);
        AtomicReference<Boolean> firstPartyClientPresent = new AtomicReference<>();
        try (JdbcStores jdbc = JdbcStores.open(JdbcStores.h2FileUrl(dataDir.resolve("db")), "", "");
             Issuer issuer = Issuer.start(config, jdbc.stores(), MutableClock.startingNow(), services -> {
                 portWasOpen.set(accepts(config.port()));
                 firstPartyClientPresent.set(services.clients().find(FirstPartyClient.CLIENT_ID).isPresent());
             })) {
            assertThat(portWasOpen).isFalse();
            assertThat(firstPartyClientPresent.get()).isTrue();
            assertThat(accepts(issuer.port())).isTrue();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

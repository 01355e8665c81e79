package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.server.testing.TestIssuer;
import dev.gatehouse.store.jdbc.JdbcStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Test
    void restartUnderAnotherIssuerUrlKeepsTheFirstPartyClientUsableForTheAdminApi() {
        TestIssuer first = TestIssuer.start(dataDir);
        String firstIssuer = first.baseUri().toString();
        try (TestIssuer second = first.restartOnAnotherPort()) {
            assertThat(second.baseUri().toString()).isNotEqualTo(firstIssuer);
            assertThat(second.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow().audiences())
                    .contains(second.baseUri().toString(), firstIssuer);
            assertThat(second.services().stores().clients().list()).extracting(c -> c.clientId())
                    .containsOnlyOnce(FirstPartyClient.CLIENT_ID);

            second.createUser("root", "long enough secret", java.util.Set.of("admin"));
            HttpResponse<String> login = send(HttpRequest.newBuilder(second.uri(Endpoints.LOGIN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"root\",\"password\":\"long enough secret\"}")).build());
            assertThat(login.statusCode()).isEqualTo(200);
            String token = login.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> users = send(HttpRequest.newBuilder(second.uri(Endpoints.ADMIN + "/users"))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(users.statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
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

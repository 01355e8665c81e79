package dev.gatehouse.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.login.FirstPartyLogin;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementListenerTest {
    @TempDir
    Path dataDir;

    private TestIssuer issuer;
    private URI management;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir, c -> c.withManagement(new ManagementListener("127.0.0.1", 0)));
        management = URI.create("http://127.0.0.1:" + issuer.managementPort());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void metricsAreServedOnTheManagementListenerOnly() {
        assertThat(get(management.resolve(Endpoints.METRICS)).body()).contains("# TYPE");

        HttpResponse<String> main = FirstPartyLogin.get(issuer, Endpoints.METRICS);
        assertThat(main.statusCode()).isEqualTo(404);
        assertThat(main.body()).doesNotContain("# TYPE");
    }

    @Test
    void healthIsServedOnBothListeners() {
        assertThat(get(management.resolve(Endpoints.LIVE)).statusCode()).isEqualTo(200);
        assertThat(get(management.resolve(Endpoints.READY)).statusCode()).isEqualTo(200);
        assertThat(FirstPartyLogin.get(issuer, Endpoints.LIVE).statusCode()).isEqualTo(200);
    }

    @Test
    void theManagementListenerServesNothingElse() {
        for (String path : new String[] {Endpoints.JWKS, Endpoints.OIDC_DISCOVERY, Endpoints.ADMIN + "/users", "/"}) {
            assertThat(get(management.resolve(path)).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void withoutAManagementListenerMetricsStayOnTheMainOne(@TempDir Path other) {
        try (TestIssuer plain = TestIssuer.start(other)) {
            assertThat(FirstPartyLogin.get(plain, Endpoints.METRICS).statusCode()).isEqualTo(200);
            assertThat(plain.managementPort()).isEqualTo(-1);
        }
    }

    private static HttpResponse<String> get(URI uri) {
        return FirstPartyLogin.send(HttpRequest.newBuilder(uri).GET().build());
    }
}

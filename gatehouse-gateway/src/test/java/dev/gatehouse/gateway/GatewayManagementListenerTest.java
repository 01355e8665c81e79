package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.Gate;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.http.ManagementListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayManagementListenerTest {
    EchoUpstream web;
    Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() {
        web = EchoUpstream.start("web");
        Gate refuseAll = new Gate(token -> {
            throw new InvalidTokenException("no token is valid here");
        }, "gatehouse");
        gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(Route.open(null, "/", web.uri())))
                .withManagement(new ManagementListener("127.0.0.1", 0)), refuseAll, () -> GatewayHealth.ready(Map.of()));
    }

    @AfterAll
    void stop() {
        gateway.close();
        web.close();
    }

    @Test
    void metricsAreServedOnTheManagementListenerOnly() throws Exception {
        assertThat(get(management(), GatewayHandler.METRICS).body()).contains("# TYPE");

        HttpResponse<String> main = get(main(), GatewayHandler.METRICS);
        assertThat(main.statusCode()).isEqualTo(404);
        assertThat(main.body()).doesNotContain("# TYPE");
    }

    @Test
    void healthIsServedOnBothListeners() throws Exception {
        assertThat(get(management(), GatewayHandler.LIVE).statusCode()).isEqualTo(200);
        assertThat(get(management(), GatewayHandler.READY).statusCode()).isEqualTo(200);
        assertThat(get(main(), GatewayHandler.READY).statusCode()).isEqualTo(200);
    }

    @Test
    void theManagementListenerForwardsNothing() throws Exception {
        HttpResponse<String> response = get(management(), "/index.html");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("\"upstream\"");
        assertThat(get(main(), "/index.html").body()).contains("\"upstream\"");
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI main() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    private URI management() {
        return URI.create("http://127.0.0.1:" + gateway.managementPort());
    }
}

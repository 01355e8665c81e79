package dev.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private record Seen(String method, String path, String authorization, String contentType, String body) {}

    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            // every fifth request fails, to be counted as non-2xx
            int status = count.incrementAndGet() % 5 == 0 ? 503 : 200;
            byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void requestCountRunSendsExactlyThatManyAndCountsNonSuccesses() throws Exception {
        LoadReport report = new LoadGenerator(options("--requests", "100", "--concurrency", "4")).run();

        assertThat(report.responses()).isEqualTo(100);
        assertThat(report.statuses()).containsExactlyInAnyOrderEntriesOf(Map.of(200, 80L, 503, 20L));
        assertThat(report.nonSuccesses()).isEqualTo(20);
        assertThat(report.errors()).isZero();
        assertThat(report.latencies().count()).isEqualTo(100);
        assertThat(report.format()).contains("non-2xx     20").contains("200=80 503=20").contains("p99");
        assertThat(seen).hasSize(100);
    }

    @Test
    void clientCredentialsRequestIsABasicAuthenticatedTokenRequest() throws Exception {
        new LoadGenerator(options("--requests", "1", "--client-secret", "p@ss:word", "--scope", "a b")).run();

        Seen request = seen.peek();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/oauth2/token");
        assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("grant_type=client_credentials&scope=a+b");
        assertThat(new String(Base64.getDecoder().decode(request.authorization().substring("Basic ".length()))))
                .isEqualTo("bench:p%40ss%3Aword");
    }

    @Test
    void loginRequestIsJsonWithEscapedCredentials() throws Exception {
        LoadOptions login = LoadOptions.parse(new String[] {"--url", base, "--scenario", "login", "--username", "al\"ice",
                "--password", "pa\\ss\n", "--requests", "1", "--warmup", "0"}, Map.of());

        new LoadGenerator(login).run();

        Seen request = seen.peek();
        assertThat(request.path()).isEqualTo("/api/v1/login");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo("{\"username\":\"al\\\"ice\",\"password\":\"pa\\\\ss\\u000a\"}");
        assertThat(request.authorization()).isNull();
    }

    @Test
    void warmUpRequestsAreNotCounted() throws Exception {
        LoadReport report = new LoadGenerator(options("--requests", "10", "--warmup", "300ms")).run();

        assertThat(report.responses()).isEqualTo(10);
        assertThat(seen.size()).isGreaterThan(10);
    }

    @Test
    void durationRunStopsAtItsDuration() throws Exception {
        LoadReport report = new LoadGenerator(options("--duration", "300ms", "--concurrency", "2")).run();

        assertThat(report.responses()).isPositive();
        assertThat(seen).hasSize((int) report.responses());
    }

    @Test
    void unreachableTargetCountsErrorsNotResponses() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        LoadOptions o = LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:" + closedPort, "--scenario",
                "client-credentials", "--client-id", "bench", "--client-secret", "x", "--requests", "5",
                "--concurrency", "1", "--warmup", "0"}, Map.of());

        LoadReport report = new LoadGenerator(o).run();

        assertThat(report.errors()).isEqualTo(5);
        assertThat(report.responses()).isZero();
        assertThat(report.format()).contains("no responses");
    }

    private LoadOptions options(String... extra) {
        String[] common = {"--url", base, "--scenario", "client-credentials", "--client-id", "bench", "--warmup", "0"};
        List<String> args = new ArrayList<>(List.of(common));
        List<String> more = List.of(extra);
        if (!more.contains("--client-secret")) {
            args.addAll(List.of("--client-secret", "s3cret"));
        }
        for (int i = 0; i < more.size(); i += 2) {
            int at = args.indexOf(more.get(i));
            if (at >= 0) {
                args.set(at + 1, more.get(i + 1));
            } else {
                args.add(more.get(i));
                args.add(more.get(i + 1));
            }
        }
        return LoadOptions.parse(args.toArray(String[]::new), Map.of());
    }
}

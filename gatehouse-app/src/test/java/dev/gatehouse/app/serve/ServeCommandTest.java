package dev.gatehouse.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.app.Launch;
import dev.gatehouse.app.Main;
import dev.gatehouse.app.testing.FreePort;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse serve} started in-process through {@link Main}, as the launcher would run it. */
class ServeCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void serveInDevModeAnswersReadinessAndLogsTheBootstrapAdminIn() throws Exception {
        int port = FreePort.find();
        Map<String, String> env = devEnv(port);
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "admin-password-1");
        CompletableFuture<Gatehouse> started = new CompletableFuture<>();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> execute(new Launch(env, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), started::complete),
                        "serve", "--port", Integer.toString(port)));
        exit.whenComplete((code, e) -> started.completeExceptionally(
                new AssertionError("serve ended with " + code + ": " + err)));
        Gatehouse gatehouse = started.get(60, TimeUnit.SECONDS);
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base.resolve("/health/ready")).statusCode() == 200);

            HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"admin-password-1\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            JsonNode tokens = new ObjectMapper().readTree(login.body());
            assertThat(tokens.path("access_token").asText()).isNotBlank();
            assertThat(tokens.path("token_type").asText()).isEqualToIgnoringCase("Bearer");
        } finally {
            gatehouse.close();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(dir.resolve("data").resolve("dev-key-encryption-key")).exists();
    }

    @Test
    void serveOutsideDevModeWithoutKeyIsRefusedWithExitCode2() {
        Map<String, String> env = devEnv(FreePort.find());
        env.remove("GATEHOUSE_DEV");

        int code = execute(launch(env), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to start without a key-encryption key")
                .contains("GATEHOUSE_KEY_ENCRYPTION_KEY");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void invalidFlagValueIsRefusedWithExitCode2NamingTheFlag() {
        int code = execute(launch(devEnv(FreePort.find())), "serve", "--access-token-ttl", "5 minutes");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid access-token-ttl \"5 minutes\" (from flag --access-token-ttl)");
    }

    @Test
    void devFlagWithoutValueTurnsDevModeOn() {
        Map<String, String> env = devEnv(FreePort.find());
        env.remove("GATEHOUSE_DEV");
        env.put("GATEHOUSE_ACCESS_TOKEN_TTL", "2h");

        int code = execute(launch(env), "serve", "--dev");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).as("fails on the setting, not on the missing key")
                .contains("access-token-ttl").doesNotContain("key-encryption key");
    }

    @Test
    void versionPrintsTheVersion() {
        int code = execute(launch(Map.of()), "version");

        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("gatehouse ").doesNotContain("unknown");
    }

    private Map<String, String> devEnv(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEHOUSE_DEV", "true");
        env.put("GATEHOUSE_DATA_DIR", dir.resolve("data").toString());
        env.put("GATEHOUSE_PORT", Integer.toString(port));
        env.put("GATEHOUSE_ARGON2_MEMORY_KIB", "8192");
        env.put("GATEHOUSE_ARGON2_ITERATIONS", "1");
        return env;
    }

    private Launch launch(Map<String, String> env) {
        return new Launch(env, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), g -> { });
    }

    private int execute(Launch launch, String... args) {
        CommandLine cmd = Main.commandLine(launch);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

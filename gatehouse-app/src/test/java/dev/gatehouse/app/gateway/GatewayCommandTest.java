package dev.gatehouse.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.app.Launch;
import dev.gatehouse.app.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse gateway} refuses to start, with exit code 2 and the reason, when its setup is incomplete. */
class GatewayCommandTest {
    private static final String ROUTES = """
              routes: [{path: /orders, upstream: "http://127.0.0.1:9101", audience: orders}]
            """;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void withoutAConfigFileItSaysWhereToGiveOne() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(err.toString()).contains("a config file is required (--config FILE or GATEHOUSE_CONFIG)");
    }

    @Test
    void plainHttpToAnyoneIsRefusedUnlessAskedFor() throws IOException {
        Path file = config("""
                gateway:
                  issuer: {url: "https://login.example.com", client_id: gateway}
                """ + ROUTES);

        assertThat(run(Map.of("GATEHOUSE_GATEWAY_CLIENT_SECRET", "s3cret"), "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("gateway.listen: tokens travel only over TLS");
    }

    @Test
    void theIssuerMustBeNamed() throws IOException {
        Path file = config("""
                gateway:
                  listen: {plain_http: true}
                """ + ROUTES);

        assertThat(run(Map.of("GATEHOUSE_GATEWAY_CLIENT_SECRET", "s3cret"), "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("gateway.issuer.url: is required");
    }

    @Test
    void theFeedClientSecretComesFromTheEnvironmentOnly() throws IOException {
        Path file = config("""
                gateway:
                  listen: {plain_http: true}
                  issuer: {url: "https://login.example.com", client_id: edge}
                """ + ROUTES);

        assertThat(run(Map.of("GATEHOUSE_CONFIG", file.toString()))).isEqualTo(2);
        assertThat(err.toString()).contains("GATEHOUSE_GATEWAY_CLIENT_SECRET must hold the secret of client edge");
    }

    @Test
    void anIssuerThatCannotBeReachedStopsTheStartWithAMessageNotAStackTrace() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path file = config("""
                gateway:
                  listen: {host: 127.0.0.1, port: 0, plain_http: true}
                  issuer: {url: "http://127.0.0.1:%d", client_id: edge}
                """.formatted(closed) + ROUTES);

        assertThat(run(Map.of("GATEHOUSE_GATEWAY_CLIENT_SECRET", "s3cret"), "--config", file.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("gatehouse: gateway could not start: ")
                .contains("127.0.0.1:" + closed).doesNotContain("\tat ");
    }

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private int run(Map<String, String> env, String... args) {
        CommandLine cmd = Main.commandLine(new Launch(env, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), g -> { }));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "gateway";
        System.arraycopy(args, 0, all, 1, args.length);
        return cmd.execute(all);
    }
}

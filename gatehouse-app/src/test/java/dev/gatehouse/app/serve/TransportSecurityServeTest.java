package dev.gatehouse.app.serve;

import dev.gatehouse.http.tls.TlsClients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.app.Launch;
import dev.gatehouse.app.Main;
import dev.gatehouse.app.config.TransportConfig;
import dev.gatehouse.app.testing.FreePort;
import dev.gatehouse.http.tls.SelfSignedCertificate;
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

/** {@code gatehouse serve} over HTTPS, and its refusal to serve tokens over plain HTTP outside dev mode. */
class TransportSecurityServeTest {
    private static final String KEK = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @Test
    void outsideDevModeWithoutTlsOrTrustedProxiesServeIsRefusedWithExitCode2() {
        Map<String, String> env = env(FreePort.find());
        env.put("GATEHOUSE_KEY_ENCRYPTION_KEY", KEK);

        int code = execute(launch(env, g -> { }), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to serve tokens over plain HTTP outside dev mode")
                .contains("GATEHOUSE_TLS_CERTIFICATE").contains("GATEHOUSE_TRUSTED_PROXIES");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void outsideDevModeASelfSignedCertificateIsRefused() {
        Map<String, String> env = env(FreePort.find());
        env.put("GATEHOUSE_KEY_ENCRYPTION_KEY", KEK);

        int code = execute(launch(env, g -> { }), "serve", "--tls-self-signed");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("tls-self-signed is for dev mode only");
    }

    @Test
    void aCertificateWhoseKeyDoesNotMatchIsRefusedWithExitCode2NamingTheFiles() {
        SelfSignedCertificate.PemFiles a = SelfSignedCertificate.ensure(dir.resolve("a"), Clock.systemUTC());
        SelfSignedCertificate.PemFiles b = SelfSignedCertificate.ensure(dir.resolve("b"), Clock.systemUTC());
        Map<String, String> env = env(FreePort.find());
        env.put("GATEHOUSE_KEY_ENCRYPTION_KEY", KEK);
        env.put("GATEHOUSE_TLS_CERTIFICATE", a.certificate().toString());
        env.put("GATEHOUSE_TLS_PRIVATE_KEY", b.privateKey().toString());

        int code = execute(launch(env, g -> { }), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(b.privateKey().toString()).contains("does not match the certificate "
                + a.certificate());
    }

    @Test
    void outsideDevModeWithCertificateFilesServeAnswersOverHttpsUnderAnHttpsIssuer() throws Exception {
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
        int port = FreePort.find();
        Map<String, String> env = env(port);
        env.put("GATEHOUSE_KEY_ENCRYPTION_KEY", KEK);
        env.put("GATEHOUSE_TLS_CERTIFICATE", pem.certificate().toString());
        env.put("GATEHOUSE_TLS_PRIVATE_KEY", pem.privateKey().toString());
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "admin-password-1");

        try (Gatehouse gatehouse = serve(env)) {
            HttpResponse<String> discovery = https(pem.certificate(), URI.create("https://localhost:" + port
                    + "/.well-known/openid-configuration"));

            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(discovery.body()).path("issuer").asText())
                    .isEqualTo("https://127.0.0.1:" + port);
            assertThat(discovery.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        }
    }

    @Test
    void devModeWithASelfSignedCertificateGeneratesItInTheDataDirAndSaysSo() throws Exception {
        int port = FreePort.find();
        Map<String, String> env = env(port);
        env.put("GATEHOUSE_DEV", "true");
        env.put("GATEHOUSE_TLS_SELF_SIGNED", "true");
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "admin-password-1");

        try (Gatehouse gatehouse = serve(env)) {
            Path cert = dir.resolve("data").resolve(TransportConfig.SELF_SIGNED_DIR).resolve("cert.pem");
            HttpResponse<String> ready = https(cert, URI.create("https://127.0.0.1:" + port + "/health/ready"));

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.headers().firstValue("Strict-Transport-Security")).isPresent();
        }
    }

    @Test
    void theDevModeBannerSaysTheCertificateIsSelfSigned() {
        Map<String, String> env = env(FreePort.find());
        env.put("GATEHOUSE_DEV", "true");
        env.put("GATEHOUSE_TLS_SELF_SIGNED", "true");
        var config = dev.gatehouse.app.config.GatehouseConfig.from(
                dev.gatehouse.app.config.Settings.load(env, Map.of(), null));
        var transport = config.transport().resolve(dir.resolve("data"), Clock.systemUTC());
        var kek = new dev.gatehouse.app.config.KeyEncryptionKeys.Resolved(
                dev.gatehouse.core.crypto.KeyEncryption.fromBase64(KEK), "test", false);

        String banner = DevModeBanner.text(kek, transport);

        assertThat(banner).contains("SELF-SIGNED").contains(transport.selfSigned().orElseThrow().certificate().toString());
        assertThat(config.server().issuer().getScheme()).isEqualTo("https");
    }

    private Gatehouse serve(Map<String, String> env) throws Exception {
        CompletableFuture<Gatehouse> started = new CompletableFuture<>();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> execute(launch(env, started::complete), "serve"));
        exit.whenComplete((code, e) -> started.completeExceptionally(
                new AssertionError("serve ended with " + code + ": " + err)));
        return started.get(60, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> https(Path trusted, URI uri) throws Exception {
        HttpClient http = TlsClients.http(TlsClients.read(trusted));
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEHOUSE_DATA_DIR", dir.resolve("data").toString());
        env.put("GATEHOUSE_PORT", Integer.toString(port));
        env.put("GATEHOUSE_ARGON2_MEMORY_KIB", "8192");
        env.put("GATEHOUSE_ARGON2_ITERATIONS", "1");
        return env;
    }

    private static Launch launch(Map<String, String> env, java.util.function.Consumer<Gatehouse> started) {
        return new Launch(env, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), started);
    }

    private int execute(Launch launch, String... args) {
        CommandLine cmd = Main.commandLine(launch);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }
}

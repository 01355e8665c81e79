package dev.gatehouse.server.forwardauth;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real nginx run as a child process on a configuration in a directory of its own. When no nginx is
 * installed the test fails under CI ({@code CI=true}, where {@code .ci/run} installs it) and is skipped with
 * a message elsewhere.
 */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final Path dir;

    private Nginx(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** The nginx binary on the PATH or at /usr/sbin/nginx. */
    static Path binary() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, "nginx"));
                }
            }
        }
        candidates.add(Path.of("/usr/sbin/nginx"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "nginx is not installed (looked on the PATH and at /usr/sbin/nginx)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI requires it (.ci/run installs it)");
        }
        abort(message + "; skipping the nginx forward-auth test (it runs under CI)");
        throw new AssertionError("unreachable");
    }

    /**
     * Writes {@code config} as {@code dir/nginx.conf} and starts nginx on it in the foreground, with its pid
     * file, error log and temporary files in {@code dir}; returns once {@code port} accepts connections.
     */
    static Nginx start(Path binary, Path dir, String config, int port) {
        try {
            Files.createDirectories(dir.resolve("temp"));
            Files.writeString(dir.resolve("nginx.conf"), config);
            // as root nginx would hand its workers to "nobody", who cannot enter this directory
            String user = "root".equals(System.getProperty("user.name")) ? "user root; " : "";
            Process process = new ProcessBuilder(binary.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                    "-g", user + "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log " + dir.resolve("error.log") + " info;")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            Nginx nginx = new Nginx(process, dir);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("nginx exited with " + process.exitValue() + ": " + nginx.log());
                }
                return accepts(port);
            });
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What nginx wrote to its output and error log, for failure messages. */
    String log() {
        StringBuilder log = new StringBuilder();
        for (String name : List.of("nginx.out", "error.log")) {
            try {
                Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    log.append(Files.readString(file));
                }
            } catch (IOException e) {
                log.append(e);
            }
        }
        return log.toString();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks nginx to stop (SIGTERM), waits a bounded time, then kills it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

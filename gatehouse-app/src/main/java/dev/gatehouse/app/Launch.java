package dev.gatehouse.app;

import dev.gatehouse.app.serve.Gatehouse;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a command may take from the process: environment, clock, standard input, and a hook told when a
 * node has started. {@code main} passes the real ones; tests pass their own.
 */
public record Launch(Map<String, String> env, Clock clock, InputStream in, Consumer<Gatehouse> started) {
    public Launch {
        env = Map.copyOf(env);
    }

    public static Launch ofProcess() {
        return new Launch(System.getenv(), Clock.systemUTC(), System.in, g -> { });
    }
}

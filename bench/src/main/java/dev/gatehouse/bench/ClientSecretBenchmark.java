package dev.gatehouse.bench;

import dev.gatehouse.core.client.ClientSecrets;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.user.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request cost of a client secret check: a generated secret (one SHA-256), an operator-chosen
 * secret checked for the first time (one Argon2id with the OWASP parameters the issuer uses), and the same
 * secret once its successful check is cached.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientSecretBenchmark {
    private static final String CHOSEN = "an operator chose this secret";

    @State(Scope.Benchmark)
    public static class Hashes {
        PasswordHasher hasher;
        String generated;
        String generatedHash;
        String argon2Hash;
        ClientSecrets warm;

        @Setup(Level.Trial)
        public void setUp() {
            hasher = new PasswordHasher(PasswordConfig.owasp());
            generated = ClientSecrets.generate();
            generatedHash = ClientSecrets.hashGenerated(generated);
            warm = new ClientSecrets(hasher);
            argon2Hash = warm.hashChosen(CHOSEN);
            if (!warm.matches(CHOSEN, argon2Hash) || !warm.matches(generated, generatedHash)) {
                throw new IllegalStateException("benchmark secrets do not match");
            }
        }
    }

    /** A fresh, empty cache for every call, so that each call pays the full Argon2id check. */
    @State(Scope.Thread)
    public static class ColdCache {
        ClientSecrets secrets;

        @Setup(Level.Invocation)
        public void empty(Hashes hashes) {
            secrets = new ClientSecrets(hashes.hasher);
        }
    }

    @Benchmark
    public boolean generatedSecret(Hashes h) {
        return h.warm.matches(h.generated, h.generatedHash);
    }

    @Benchmark
    public boolean argon2FirstCheck(Hashes h, ColdCache cold) {
        return cold.secrets.matches(CHOSEN, h.argon2Hash);
    }

    @Benchmark
    public boolean argon2CachedCheck(Hashes h) {
        return h.warm.matches(CHOSEN, h.argon2Hash);
    }
}

package dev.gatehouse.core.config;

/**
 * Argon2id parameters. Defaults follow OWASP's Password Storage Cheat Sheet (m=19 MiB, t=2, p=1).
 */
public record PasswordConfig(int memoryKiB, int iterations, int parallelism) {
    public PasswordConfig {
        if (memoryKiB < 8 * 1024) {
            throw new IllegalArgumentException("argon2 memory: at least 8192 KiB, got " + memoryKiB);
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("argon2 iterations: 1..100, got " + iterations);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("argon2 parallelism: 1..64, got " + parallelism);
        }
    }

    public static PasswordConfig owasp() {
        return new PasswordConfig(19 * 1024, 2, 1);
    }
}

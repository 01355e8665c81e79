package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.user.PasswordHasher;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ClientSecretsTest {
    private static final int ARGON2_MEMORY_KIB = 8 * 1024;

    private final PasswordHasher hasher = new PasswordHasher(new PasswordConfig(ARGON2_MEMORY_KIB, 1, 1));
    private final ClientSecrets secrets = new ClientSecrets(hasher);

    @Test
    void generatedSecretsAreRandomAndLong() {
        String secret = ClientSecrets.generate();

        assertThat(secret).hasSize(43);
        assertThat(ClientSecrets.generate()).isNotEqualTo(secret);
    }

    @Test
    void generatedSecretIsStoredAsItsSha256() {
        String hash = ClientSecrets.hashGenerated("abc");

        assertThat(hash).isEqualTo("sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
        assertThat(ClientSecrets.isSupportedHash(hash)).isTrue();
    }

    @Test
    void generatedSecretMatchesItsHash() {
        String secret = ClientSecrets.generate();

        assertThat(secrets.matches(secret, ClientSecrets.hashGenerated(secret))).isTrue();
    }

    @Test
    void wrongSecretDoesNotMatchAGeneratedHash() {
        String hash = ClientSecrets.hashGenerated(ClientSecrets.generate());

        assertThat(secrets.matches(ClientSecrets.generate(), hash)).isFalse();
        assertThat(secrets.matches(hash, hash)).isFalse();
    }

    @Test
    void chosenSecretIsStoredAsArgon2id() {
        String hash = secrets.hashChosen("operator-chosen");

        assertThat(hash).startsWith("$argon2id$");
        assertThat(ClientSecrets.isSupportedHash(hash)).isTrue();
    }

    @Test
    void chosenSecretMatchesItsArgon2Hash() {
        String hash = secrets.hashChosen("operator-chosen");

        assertThat(secrets.matches("operator-chosen", hash)).isTrue();
    }

    @Test
    void wrongSecretDoesNotMatchAnArgon2Hash() {
        String hash = secrets.hashChosen("operator-chosen");

        assertThat(secrets.matches("operator-chosen!", hash)).isFalse();
    }

    @Test
    void wrongSecretStillFailsAfterTheRightOneWasCached() {
        String hash = secrets.hashChosen("operator-chosen");
        assertThat(secrets.matches("operator-chosen", hash)).isTrue();

        assertThat(secrets.matches("operator-chosen!", hash)).isFalse();
    }

    @Test
    void cachedCheckIsBoundToTheStoredHash() {
        String hash = secrets.hashChosen("operator-chosen");
        String replaced = secrets.hashChosen("new-secret");
        assertThat(secrets.matches("operator-chosen", hash)).isTrue();

        assertThat(secrets.matches("operator-chosen", replaced)).isFalse();
    }

    @Test
    void secondCheckOfAnArgon2SecretDoesNotRunArgon2Again() {
        assumeTrue(allocationCountingSupported());
        String hash = secrets.hashChosen("operator-chosen");
        long argon2Memory = ARGON2_MEMORY_KIB * 1024L;

        long first = bytesAllocatedBy(() -> secrets.matches("operator-chosen", hash));
        long second = bytesAllocatedBy(() -> secrets.matches("operator-chosen", hash));
        long uncached = bytesAllocatedBy(() -> new ClientSecrets(hasher).matches("operator-chosen", hash));

        // Argon2id fills m KiB of memory blocks on every run; a check that allocates far less did not hash.
        assertThat(first).isGreaterThanOrEqualTo(argon2Memory);
        assertThat(second).isLessThan(argon2Memory / 16);
        assertThat(uncached).isGreaterThanOrEqualTo(argon2Memory);
    }

    @Test
    void failedCheckIsNotCached() {
        assumeTrue(allocationCountingSupported());
        String hash = secrets.hashChosen("operator-chosen");
        long argon2Memory = ARGON2_MEMORY_KIB * 1024L;
        assertThat(secrets.matches("wrong", hash)).isFalse();

        assertThat(bytesAllocatedBy(() -> secrets.matches("wrong", hash))).isGreaterThanOrEqualTo(argon2Memory);
    }

    @Test
    void nullOrUnsupportedStoredFormsNeverMatch() {
        assertThat(secrets.matches(null, ClientSecrets.hashGenerated("x"))).isFalse();
        assertThat(secrets.matches("x", null)).isFalse();
        assertThat(secrets.matches("plain-stored", "plain-stored")).isFalse();
        assertThat(ClientSecrets.isSupportedHash("plain-stored")).isFalse();
        assertThat(ClientSecrets.isSupportedHash("$argon2i$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA")).isFalse();
        assertThat(ClientSecrets.isSupportedHash(null)).isFalse();
    }

    @Test
    void slowChecksWaitForAFreeSlotWhileFastAndRememberedChecksDoNot() throws Exception {
        Semaphore slots = new Semaphore(1);
        ClientSecrets bounded = new ClientSecrets(hasher, slots);
        String chosen = bounded.hashChosen("operator-chosen");
        String generated = ClientSecrets.generate();
        assertThat(bounded.matches("operator-chosen", chosen)).isTrue();
        slots.acquire();

        assertThat(bounded.matches(generated, ClientSecrets.hashGenerated(generated))).isTrue();
        assertThat(bounded.matches("operator-chosen", chosen)).isTrue();
        CompletableFuture<Boolean> slow = CompletableFuture.supplyAsync(() -> bounded.matches("operator-chosen!", chosen));
        awaitQueued(slots);
        assertThat(slow).isNotDone();

        slots.release();
        assertThat(slow.get(30, TimeUnit.SECONDS)).isFalse();
    }

    private static void awaitQueued(Semaphore slots) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!slots.hasQueuedThreads()) {
            assertThat(System.nanoTime()).as("a slow check waiting for a slot").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static boolean allocationCountingSupported() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes the current thread allocated while running the check (the check's result must be true or false; both count). */
    private static long bytesAllocatedBy(BooleanSupplier check) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        check.getAsBoolean();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}

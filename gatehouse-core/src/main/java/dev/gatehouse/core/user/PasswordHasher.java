package dev.gatehouse.core.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.crypto.Secrets;

/** Argon2id password hashes in PHC string form ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}). */
public final class PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private final PasswordConfig config;
    private final Argon2Function function;
    private final String dummyHash;

    public PasswordHasher(PasswordConfig config) {
        this.config = config;
        this.function = Argon2Function.getInstance(config.memoryKiB(), config.iterations(), config.parallelism(),
                HASH_BYTES, Argon2.ID, 19);
        this.dummyHash = hash(Secrets.newToken());
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(function).getResult();
    }

    /** Constant-time for a given hash; false for anything that is not an Argon2 PHC string. */
    public boolean verify(String password, String hash) {
        if (password == null || hash == null || !hash.startsWith("$argon2")) {
            return false;
        }
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Spends the same time as a real check, so that an unknown user and a wrong password cannot be told
     * apart by timing.
     */
    public void verifyDummy(String password) {
        verify(password == null ? "" : password, dummyHash);
    }

    /** True when the hash was made with other parameters than the configured ones. */
    public boolean needsRehash(String hash) {
        String expected = "$argon2id$v=19$m=" + config.memoryKiB() + ",t=" + config.iterations() + ",p=" + config.parallelism() + "$";
        return hash == null || !hash.startsWith(expected);
    }
}

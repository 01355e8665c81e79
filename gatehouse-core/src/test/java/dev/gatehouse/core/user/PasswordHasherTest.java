package dev.gatehouse.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.gatehouse.core.config.PasswordConfig;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final PasswordConfig CHEAP = new PasswordConfig(8 * 1024, 1, 1);

    private final PasswordHasher hasher = new PasswordHasher(CHEAP);

    @Test
    void hashIsAnArgon2idPhcStringWithTheConfiguredParameters() {
        assertThat(hasher.hash("correct horse")).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
    }

    @Test
    void verifyAcceptsThePasswordThatWasHashed() {
        String hash = hasher.hash("correct horse");

        assertThat(hasher.verify("correct horse", hash)).isTrue();
    }

    @Test
    void verifyRejectsAWrongPassword() {
        String hash = hasher.hash("correct horse");

        assertThat(hasher.verify("correct horsE", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");

        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.verify("correct horse", second)).isTrue();
    }

    @Test
    void hashMadeWithOtherParametersStillVerifies() {
        String old = new PasswordHasher(new PasswordConfig(8 * 1024, 2, 1)).hash("correct horse");

        assertThat(hasher.verify("correct horse", old)).isTrue();
    }

    @Test
    void needsRehashIsFalseForAHashWithTheConfiguredParameters() {
        assertThat(hasher.needsRehash(hasher.hash("correct horse"))).isFalse();
    }

    @Test
    void needsRehashIsTrueWhenAnyParameterChanged() {
        String hash = hasher.hash("correct horse");

        assertThat(new PasswordHasher(new PasswordConfig(8 * 1024, 2, 1)).needsRehash(hash)).isTrue();
        assertThat(new PasswordHasher(new PasswordConfig(9 * 1024, 1, 1)).needsRehash(hash)).isTrue();
        assertThat(new PasswordHasher(new PasswordConfig(8 * 1024, 1, 2)).needsRehash(hash)).isTrue();
    }

    @Test
    void needsRehashIsTrueForMissingOrForeignHashes() {
        assertThat(hasher.needsRehash(null)).isTrue();
        assertThat(hasher.needsRehash("$2a$10$abcdefghijklmnopqrstuu")).isTrue();
    }

    @Test
    void verifyIsFalseForAnythingThatIsNotAnArgon2Hash() {
        assertThat(hasher.verify("correct horse", "correct horse")).isFalse();
        assertThat(hasher.verify("correct horse", "sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")).isFalse();
        assertThat(hasher.verify("correct horse", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")).isFalse();
    }

    @Test
    void verifyIsFalseForAMalformedArgon2Hash() {
        assertThat(hasher.verify("correct horse", "$argon2id$v=19$m=garbage")).isFalse();
        assertThat(hasher.verify("correct horse", "$argon2id$")).isFalse();
    }

    @Test
    void verifyIsFalseForNullInput() {
        String hash = hasher.hash("correct horse");

        assertThat(hasher.verify(null, hash)).isFalse();
        assertThat(hasher.verify("correct horse", null)).isFalse();
    }

    @Test
    void dummyVerifyDoesNotThrowForAnyInput() {
        assertThatCode(() -> {
            hasher.verifyDummy("whatever");
            hasher.verifyDummy("");
            hasher.verifyDummy(null);
        }).doesNotThrowAnyException();
    }
}

package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.testing.InMemorySigningKeyStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Not-before revocations against tokens minted in the same second, on the real clock. */
class TokenMinterCutoffTest {
    private static final TokenConfig CONFIG = TokenConfig.defaults(URI.create("https://id.example.test"));
    private final Clock clock = Clock.systemUTC();
    private final KeyRing keys = new KeyRing(new InMemorySigningKeyStore(),
            KeyEncryption.fromBase64(KeyEncryption.generateKey()), CONFIG, clock);
    private final Denylist denylist = new Denylist();
    private final TokenMinter minter = new TokenMinter(keys, CONFIG, clock, denylist);
    private final TokenVerifier verifier = keys.verifier(denylist);

    @BeforeEach
    void startKeys() {
        keys.start();
    }

    @Test
    void tokenMintedRightAfterASubjectRevocationIsNotBornRevoked() throws Exception {
        MintedToken before = minter.accessToken(claims("alice", "app"), JWSAlgorithm.ES256);
        revoke(RevocationKind.SUBJECT_NOT_BEFORE, "alice");

        MintedToken after = minter.accessToken(claims("alice", "app"), JWSAlgorithm.ES256);

        assertThatThrownBy(() -> verifier.verify(before.value())).hasMessageContaining("revoked");
        assertThat(verifier.verify(after.value()).subject()).isEqualTo("alice");
    }

    @Test
    void tokenMintedRightAfterAClientRevocationIsNotBornRevoked() throws Exception {
        MintedToken before = minter.accessToken(claims("svc", "svc"), JWSAlgorithm.ES256);
        revoke(RevocationKind.CLIENT, "svc");

        MintedToken after = minter.accessToken(claims("svc", "svc"), JWSAlgorithm.ES256);

        assertThatThrownBy(() -> verifier.verify(before.value())).hasMessageContaining("revoked");
        assertThat(verifier.verify(after.value()).clientId()).isEqualTo("svc");
    }

    private void revoke(RevocationKind kind, String value) {
        Instant now = clock.instant();
        denylist.apply(new RevocationEvent(1, kind, value, now, now.plus(Duration.ofHours(1))));
    }

    private static AccessTokenClaims claims(String subject, String clientId) {
        return new AccessTokenClaims(subject, clientId, Set.of("https://api.test"), "read", null, null, Set.of(),
                Duration.ofMinutes(5));
    }
}

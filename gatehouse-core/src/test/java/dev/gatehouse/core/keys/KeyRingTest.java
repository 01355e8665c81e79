package dev.gatehouse.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.testing.InMemorySigningKeyStore;
import dev.gatehouse.client.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRingTest {
    private static final TokenConfig CONFIG = TokenConfig.defaults(URI.create("https://id.example.test"));
    private static final Duration PRE_PUBLISH = CONFIG.keyPrePublish();
    private static final Duration LONGEST = CONFIG.longestTokenLifetime();

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    private final KeyEncryption kek = KeyEncryption.fromBase64(KeyEncryption.generateKey());
    private final KeyRing ring = new KeyRing(store, kek, CONFIG, clock);

    @Test
    void startOnAnEmptyStoreCreatesOneKeyThatSignsAtOnce() {
        ring.start();

        assertThat(store.all()).singleElement().satisfies(k -> {
            assertThat(k.algorithm()).isEqualTo("ES256");
            assertThat(k.activatesAt()).isEqualTo(clock.instant());
            assertThat(k.retiresAt()).isNull();
        });
        assertThat(ring.signer().kid()).isEqualTo(store.all().getFirst().kid());
        assertThat(kids(ring)).containsExactly(store.all().getFirst().kid());
    }

    @Test
    void storedKeyHoldsThePrivatePartOnlyEncrypted() throws Exception {
        ring.start();
        StoredSigningKey stored = store.all().getFirst();
        String d = ((ECKey) JWK.parse(kek.decrypt(stored.encryptedPrivateJwk(), stored.kid()))).getD().toString();

        assertThat(stored.encryptedPrivateJwk()).startsWith("v1.").doesNotContain(d);
        assertThat(stored.publicJwk()).doesNotContain(d);
        assertThat(JWK.parse(stored.publicJwk()).isPrivate()).isFalse();
    }

    @Test
    void secondStartOnTheSameStoreCreatesNoOtherKey() {
        ring.start();
        KeyRing otherNode = new KeyRing(store, kek, CONFIG, clock);

        otherNode.start();

        assertThat(store.all()).hasSize(1);
        assertThat(otherNode.signer().kid()).isEqualTo(ring.signer().kid());
    }

    @Test
    void publishedKeySetHoldsNoPrivateParts() {
        ring.start();
        ring.signer(JWSAlgorithm.RS256);
        ring.signer(JWSAlgorithm.EdDSA);

        assertThat(ring.publicJwks().getKeys()).hasSize(3).noneMatch(JWK::isPrivate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA", "RS256"})
    void signerForEachAlgorithmSignsWhatItsPublishedKeyVerifies(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        ring.start();

        KeyRing.ActiveKey key = ring.signer(algorithm);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).keyID(key.kid()).build(), new Payload("hello"));
        jws.sign(key.signer());

        JWK published = ring.publicJwks().getKeyByKeyId(key.kid());
        assertThat(key.algorithm()).isEqualTo(algorithm);
        assertThat(published.getAlgorithm()).isEqualTo(algorithm);
        assertThat(verifies(jws.serialize(), published)).isTrue();
    }

    @Test
    void eachAlgorithmGetsTheKeyTypeItNeeds() {
        ring.start();

        String ecKid = ring.signer(JWSAlgorithm.ES256).kid();
        String okpKid = ring.signer(JWSAlgorithm.EdDSA).kid();
        String rsaKid = ring.signer(JWSAlgorithm.RS256).kid();

        JWK ec = ring.publicJwks().getKeyByKeyId(ecKid);
        JWK okp = ring.publicJwks().getKeyByKeyId(okpKid);
        JWK rsa = ring.publicJwks().getKeyByKeyId(rsaKid);

        assertThat(ec.getKeyType()).isEqualTo(KeyType.EC);
        assertThat(((ECKey) ec).getCurve()).isEqualTo(Curve.P_256);
        assertThat(((OctetKeyPair) okp).getCurve()).isEqualTo(Curve.Ed25519);
        assertThat(((RSAKey) rsa).size()).isEqualTo(2048);
    }

    @Test
    void signerForAnotherAlgorithmIsCreatedOnceAndStored() {
        ring.start();

        String kid = ring.signer(JWSAlgorithm.RS256).kid();

        assertThat(ring.signer(JWSAlgorithm.RS256).kid()).isEqualTo(kid);
        assertThat(store.all()).extracting(StoredSigningKey::algorithm).containsExactly("ES256", "RS256");
    }

    @Test
    void rotationPublishesTheNewKeyBeforeItSigns() {
        ring.start();
        String old = ring.signer().kid();

        StoredSigningKey next = ring.rotate(JWSAlgorithm.ES256);

        assertThat(next.activatesAt()).isEqualTo(clock.instant().plus(PRE_PUBLISH));
        assertThat(kids(ring)).containsExactlyInAnyOrder(old, next.kid());
        assertThat(ring.signer().kid()).isEqualTo(old);

        clock.advance(PRE_PUBLISH.minusSeconds(1));
        assertThat(ring.signer().kid()).isEqualTo(old);
    }

    @Test
    void newKeySignsFromItsActivationAndTheOldStaysPublished() {
        ring.start();
        String old = ring.signer().kid();
        StoredSigningKey next = ring.rotate(JWSAlgorithm.ES256);

        clock.set(next.activatesAt());

        assertThat(ring.signer().kid()).isEqualTo(next.kid());
        assertThat(kids(ring)).contains(old);
    }

    @Test
    void rotationRetiresTheOldKeyAtActivationAndRemovesItAfterTheLongestTokenLifetime() {
        ring.start();
        String old = ring.signer().kid();
        StoredSigningKey next = ring.rotate(JWSAlgorithm.ES256);

        StoredSigningKey retired = store.all().stream().filter(k -> k.kid().equals(old)).findFirst().orElseThrow();
        assertThat(retired.retiresAt()).isEqualTo(next.activatesAt());
        assertThat(retired.removeAfter()).isEqualTo(next.activatesAt().plus(LONGEST));
    }

    @Test
    void oldKeyStaysPublishedUntilRemoveAfterThenIsPurged() {
        ring.start();
        String old = ring.signer().kid();
        StoredSigningKey next = ring.rotate(JWSAlgorithm.ES256);
        Instant removeAfter = next.activatesAt().plus(LONGEST);

        clock.set(removeAfter.minusSeconds(1));
        ring.reload();
        assertThat(kids(ring)).contains(old);

        clock.set(removeAfter.plusSeconds(1));
        ring.reload();
        assertThat(kids(ring)).containsExactly(next.kid());
        assertThat(store.all()).extracting(StoredSigningKey::kid).containsExactly(next.kid());
    }

    @Test
    void rotationOfOneAlgorithmLeavesTheOthersAlone() {
        ring.start();
        String rsa = ring.signer(JWSAlgorithm.RS256).kid();

        StoredSigningKey next = ring.rotate(JWSAlgorithm.ES256);
        clock.set(next.activatesAt().plus(LONGEST).plusSeconds(1));
        ring.reload();

        assertThat(ring.signer(JWSAlgorithm.RS256).kid()).isEqualTo(rsa);
    }

    @Test
    void anotherNodeSeesARotationAfterReload() {
        ring.start();
        KeyRing otherNode = new KeyRing(store, kek, CONFIG, clock);
        otherNode.start();

        StoredSigningKey next = ring.rotate(JWSAlgorithm.ES256);
        assertThat(kids(otherNode)).doesNotContain(next.kid());

        otherNode.reload();
        assertThat(kids(otherNode)).contains(next.kid());
        clock.set(next.activatesAt());
        assertThat(otherNode.signer().kid()).isEqualTo(next.kid());
    }

    @Test
    void loadingWithAnotherKekFailsWithAClearMessage() {
        ring.start();
        KeyRing wrongKek = new KeyRing(store, KeyEncryption.fromBase64(KeyEncryption.generateKey()), CONFIG, clock);

        assertThatThrownBy(wrongKek::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong key-encryption key");
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void privateKeyMovedToAnotherRowDoesNotLoad() {
        ring.start();
        ring.signer(JWSAlgorithm.RS256);
        List<StoredSigningKey> keys = store.all();
        StoredSigningKey ec = keys.get(0);
        StoredSigningKey rsa = keys.get(1);

        store.replace(ec.kid(), k -> new StoredSigningKey(k.kid(), k.algorithm(), k.publicJwk(),
                rsa.encryptedPrivateJwk(), k.createdAt(), k.activatesAt(), k.retiresAt(), k.removeAfter()));

        assertThatThrownBy(ring::reload).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> kids(KeyRing ring) {
        return ring.publicJwks().getKeys().stream().map(JWK::getKeyID).toList();
    }

    private static boolean verifies(String jws, JWK key) throws Exception {
        JWSVerifier verifier = switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            default -> throw new IllegalArgumentException("unexpected key type " + key.getKeyType());
        };
        return JWSObject.parse(jws).verify(verifier);
    }
}

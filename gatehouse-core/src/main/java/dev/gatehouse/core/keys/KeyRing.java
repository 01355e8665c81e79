package dev.gatehouse.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.gatehouse.client.JwtTokenVerifier;
import dev.gatehouse.client.VerifierDefaults;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.crypto.Secrets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The issuer's signing keys: which key signs now, which public keys are published. Keys live in the
 * {@link SigningKeyStore} with private parts encrypted; this class holds a decrypted, immutable snapshot
 * that is swapped on every change (and on {@link #reload()}, for changes made by other nodes).
 */
public final class KeyRing {
    /** A key that can sign: its id, algorithm and a thread-safe signer. */
    public record ActiveKey(String kid, JWSAlgorithm algorithm, JWSSigner signer) {}

    private record Loaded(StoredSigningKey stored, JWK privateJwk, JWSSigner signer) {}

    /** Verified tokens the issuer remembers (introspection, userinfo, admin API, verify endpoint). */
    private static final int VERIFIED_TOKEN_CACHE = VerifierDefaults.TOKEN_CACHE_SIZE;

    private final SigningKeyStore store;
    private final KeyEncryption encryption;
    private final TokenConfig config;
    private final Clock clock;
    private volatile List<Loaded> keys = List.of();
    private volatile JWKSet published = new JWKSet();

    public KeyRing(SigningKeyStore store, KeyEncryption encryption, TokenConfig config, Clock clock) {
        this.store = store;
        this.encryption = encryption;
        this.config = config;
        this.clock = clock;
    }

    /** Loads the keys and creates a first one, active at once, when there is none for the default algorithm. */
    public synchronized void start() {
        reload();
        if (keys.stream().noneMatch(k -> k.stored.algorithm().equals(config.signingAlgorithm().getName()))) {
            create(config.signingAlgorithm(), clock.instant());
        }
    }

    public synchronized void reload() {
        store.purgeRemoved(clock.instant());
        List<Loaded> loaded = new ArrayList<>();
        for (StoredSigningKey k : store.all()) {
            loaded.add(load(k));
        }
        keys = List.copyOf(loaded);
        List<JWK> pub = new ArrayList<>();
        for (Loaded k : loaded) {
            pub.add(k.privateJwk.toPublicJWK());
        }
        published = new JWKSet(pub);
    }

    /** The key that signs now for {@code algorithm}; creates one when none exists yet. */
    public ActiveKey signer(JWSAlgorithm algorithm) {
        Optional<ActiveKey> active = current(algorithm, clock.instant());
        if (active.isPresent()) {
            return active.get();
        }
        synchronized (this) {
            return current(algorithm, clock.instant()).orElseGet(() -> {
                create(algorithm, clock.instant());
                return current(algorithm, clock.instant()).orElseThrow();
            });
        }
    }

    public ActiveKey signer() {
        return signer(config.signingAlgorithm());
    }

    /** The public keys verifiers must know: current, pre-published and retired-but-not-yet-expired. */
    public JWKSet publicJwks() {
        return published;
    }

    /**
     * A verifier for this issuer's own access tokens: its published keys, its algorithms, its clock (expiry is
     * judged by the clock that minted the token) and the given revocation view. Verified tokens are cached until
     * they expire (the revocation check still runs on every call): a key only leaves the published set after the
     * last token it signed has expired, so no cached token can outlive its key.
     */
    public JwtTokenVerifier verifier(Denylist denylist) {
        return JwtTokenVerifier.builder(config.issuer().toString(), (selector, ctx) -> selector.select(published))
                .algorithms(TokenConfig.SUPPORTED_ALGORITHMS)
                .denylist(denylist)
                .clock(clock)
                .cacheSize(VERIFIED_TOKEN_CACHE)
                .build();
    }

    public List<StoredSigningKey> list() {
        return keys.stream().map(Loaded::stored).toList();
    }

    /**
     * Starts a rotation: the new key is published now and signs after the pre-publish period; the key it
     * replaces signs until then and stays published until its last token has expired.
     */
    public synchronized StoredSigningKey rotate(JWSAlgorithm algorithm) {
        Instant now = clock.instant();
        Instant activatesAt = now.plus(config.keyPrePublish());
        for (Loaded k : keys) {
            StoredSigningKey s = k.stored;
            if (s.algorithm().equals(algorithm.getName()) && (s.retiresAt() == null || s.retiresAt().isAfter(activatesAt))) {
                store.retire(s.kid(), activatesAt, activatesAt.plus(config.longestTokenLifetime()));
            }
        }
        return create(algorithm, activatesAt);
    }

    private Optional<ActiveKey> current(JWSAlgorithm algorithm, Instant now) {
        return keys.stream()
                .filter(k -> k.stored.algorithm().equals(algorithm.getName()))
                .filter(k -> !k.stored.activatesAt().isAfter(now))
                .filter(k -> k.stored.retiresAt() == null || k.stored.retiresAt().isAfter(now))
                .max(Comparator.comparing(k -> k.stored.activatesAt()))
                .map(k -> new ActiveKey(k.stored.kid(), algorithm, k.signer));
    }

    private StoredSigningKey create(JWSAlgorithm algorithm, Instant activatesAt) {
        String kid = Secrets.randomBase64Url(12);
        JWK jwk = generate(algorithm, kid);
        StoredSigningKey stored = new StoredSigningKey(kid, algorithm.getName(), jwk.toPublicJWK().toJSONString(),
                encryption.encrypt(jwk.toJSONString(), kid), clock.instant(), activatesAt, null, null);
        store.save(stored);
        reload();
        return stored;
    }

    private Loaded load(StoredSigningKey k) {
        try {
            JWK jwk = JWK.parse(encryption.decrypt(k.encryptedPrivateJwk(), k.kid()));
            JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(jwk, JWSAlgorithm.parse(k.algorithm()));
            return new Loaded(k, jwk, signer);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("signing key " + k.kid() + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static JWK generate(JWSAlgorithm algorithm, String kid) {
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).generate();
            }
            if (JWSAlgorithm.EdDSA.equals(algorithm)) {
                return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).generate();
            }
            if (JWSAlgorithm.RS256.equals(algorithm)) {
                return new RSAKeyGenerator(2048).keyID(kid).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).generate();
            }
            throw new IllegalArgumentException("unsupported signing algorithm " + algorithm);
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }
}

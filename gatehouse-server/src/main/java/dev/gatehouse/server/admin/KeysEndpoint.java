package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.keys.StoredSigningKey;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The issuer's signing keys: their life cycle, and starting a rotation. Private parts are never shown. */
final class KeysEndpoint {
    record RotateKey(String algorithm) {}

    /**
     * @param status pending (published, not yet signing), active (signing), retired (published until
     *               {@code removeAfter} so that its last tokens still verify)
     */
    record KeyView(String kid, String algorithm, String status, Instant createdAt, Instant activatesAt,
                   Instant retiresAt, Instant removeAfter, JsonNode publicJwk) {
        static KeyView of(StoredSigningKey k, Instant now) {
            String status = k.activatesAt().isAfter(now) ? "pending"
                    : k.retiresAt() != null && !k.retiresAt().isAfter(now) ? "retired" : "active";
            return new KeyView(k.kid(), k.algorithm(), status, k.createdAt(), k.activatesAt(), k.retiresAt(),
                    k.removeAfter(), AdminJson.tree(k.publicJwk()));
        }
    }

    record KeyList(List<KeyView> items) {}

    private final KeyRing keys;
    private final TokenConfig config;
    private final Clock clock;

    KeysEndpoint(KeyRing keys, TokenConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    void list(Context ctx, Admin admin) {
        Instant now = clock.instant();
        AdminJson.write(ctx, 200, new KeyList(keys.list().stream().map(k -> KeyView.of(k, now)).toList()));
    }

    /** The new key is published at once and signs after the pre-publish period. */
    void rotate(Context ctx, Admin admin) throws Exception {
        JWSAlgorithm algorithm = AdminJson.readOptional(ctx, RotateKey.class)
                .map(RotateKey::algorithm)
                .map(JWSAlgorithm::parse)
                .orElse(config.signingAlgorithm());
        if (!TokenConfig.SUPPORTED_ALGORITHMS.contains(algorithm)) {
            throw ProblemException.invalidField("algorithm", "one of ES256, EdDSA, RS256");
        }
        String kid = keys.rotate(algorithm).kid();
        // Shown as stored, so that the answer equals the key in a later listing.
        StoredSigningKey key = keys.list().stream().filter(k -> k.kid().equals(kid)).findFirst().orElseThrow();
        AdminJson.write(ctx, 201, KeyView.of(key, clock.instant()));
    }
}

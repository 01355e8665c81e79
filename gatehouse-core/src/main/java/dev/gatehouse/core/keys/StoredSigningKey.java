package dev.gatehouse.core.keys;

import java.time.Instant;

/**
 * A signing key row.
 *
 * @param publicJwk          public JWK JSON
 * @param encryptedPrivateJwk private JWK JSON encrypted under the key-encryption key
 * @param activatesAt        it signs from here on (it is published before that)
 * @param retiresAt          it stops signing here; null while current
 * @param removeAfter        it is unpublished here, once its last token has expired; null while current
 */
public record StoredSigningKey(String kid, String algorithm, String publicJwk, String encryptedPrivateJwk,
                               Instant createdAt, Instant activatesAt, Instant retiresAt, Instant removeAfter) {
}

package dev.gatehouse.client.revocation;

import java.time.Instant;

/**
 * One entry of the ordered revocation log.
 *
 * @param sequence  gap-free, strictly increasing; followers resume from the last one they saw
 * @param issuedAt  when the revocation happened: SUBJECT_NOT_BEFORE and CLIENT match tokens with
 *                  {@code iat} at or before it
 * @param expiresAt after this no token it matches can still be valid, so verifiers may forget it
 */
public record RevocationEvent(long sequence, RevocationKind kind, String value, Instant issuedAt, Instant expiresAt) {
}

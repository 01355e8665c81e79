package dev.gatehouse.core.token;

import java.time.Instant;

/** A signed token and the facts the caller needs about it. */
public record MintedToken(String value, String jti, Instant issuedAt, Instant expiresAt) {
}

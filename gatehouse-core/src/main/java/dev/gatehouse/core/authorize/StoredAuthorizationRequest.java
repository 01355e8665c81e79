package dev.gatehouse.core.authorize;

import java.time.Instant;
import java.util.Objects;

/**
 * An authorization request as stored.
 *
 * @param handleHash  SHA-256 of the handle the client (a PAR {@code request_uri}) or the browser (the pages' hidden
 *                    {@code request} field) holds
 * @param parameters  the request, form-encoded: the raw parameters of a pushed request, which are validated again
 *                    when used; the validated request of a pending one
 * @param bindingHash SHA-256 of the browser's CSRF token a pending request is bound to; null for a pushed one
 */
public record StoredAuthorizationRequest(String handleHash, Kind kind, String clientId, String parameters,
                                         String bindingHash, Instant expiresAt) {
    public enum Kind {
        /** RFC 9126: waiting for its request_uri to be used at the authorization endpoint. */
        PUSHED,
        /** Validated, waiting for the browser to sign in or consent. */
        PENDING;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind parse(String value) {
            return switch (value) {
                case "pushed" -> PUSHED;
                case "pending" -> PENDING;
                default -> throw new IllegalArgumentException("unknown authorization request kind " + value);
            };
        }
    }

    public StoredAuthorizationRequest {
        Objects.requireNonNull(handleHash);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(parameters);
        Objects.requireNonNull(expiresAt);
    }
}

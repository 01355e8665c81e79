package dev.gatehouse.core.client;

import java.net.URI;
import java.util.List;

/**
 * How a client signs people in through the browser (OpenID Connect authorization code flow).
 *
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser back to, matched exactly
 * @param backchannelLogoutUri   where a {@code logout+jwt} is posted when a session of this client ends; null for none
 * @param consent                whether the user is asked before this client gets what it asks for
 * @param requirePushedAuthorizationRequests the authorization endpoint accepts this client's requests only through
 *                               PAR (RFC 9126 6)
 * @param requirePkce            a code_challenge (S256) is required; always true for a public client
 */
public record BrowserSignIn(
        List<URI> postLogoutRedirectUris,
        URI backchannelLogoutUri,
        Consent consent,
        boolean requirePushedAuthorizationRequests,
        boolean requirePkce) {

    /** Whether the user is asked to consent. */
    public enum Consent {
        /** Third-party clients: a consent page, the answer remembered per client and scope set. */
        ASK,
        /** First-party clients: no consent page. */
        SKIP;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @throws IllegalArgumentException for anything but {@code ask} or {@code skip} */
        public static Consent parse(String value) {
            return switch (value) {
                case "ask" -> ASK;
                case "skip" -> SKIP;
                default -> throw new IllegalArgumentException("consent is ask or skip, got " + value);
            };
        }
    }

    public BrowserSignIn {
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
    }

    /** No logout URIs, PKCE required, PAR optional; consent skipped for a first-party client and asked otherwise. */
    public static BrowserSignIn defaults(boolean firstParty) {
        return new BrowserSignIn(List.of(), null, firstParty ? Consent.SKIP : Consent.ASK, false, true);
    }
}

package dev.gatehouse.client;

/** Checks an access token: signature, type, issuer, lifetime and revocation. Audience and rights are policy, see {@link Gate}. */
@FunctionalInterface
public interface TokenVerifier {
    /**
     * @throws InvalidTokenException        the token must be refused (401)
     * @throws VerifierUnavailableException no token can be vouched for right now (503)
     */
    VerifiedAccessToken verify(String token) throws InvalidTokenException;
}

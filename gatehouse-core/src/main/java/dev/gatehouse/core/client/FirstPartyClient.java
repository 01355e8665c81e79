package dev.gatehouse.core.client;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in public client behind the first-party JSON login endpoint and the admin command line. Its
 * tokens carry the issuer URL as audience, which is what the admin API accepts.
 */
public final class FirstPartyClient {
    public static final String CLIENT_ID = "gatehouse";
    public static final Set<String> SCOPES = Set.of("openid", "profile", "admin");

    private FirstPartyClient() {}

    /**
     * The registration to store at start: a new one, or the existing one with the issuer added to its
     * audiences when the issuer URL has changed since it was created (else the admin API, which accepts
     * only tokens for the current issuer, would lock its administrators out). Empty when nothing changes.
     */
    public static Optional<OAuthClient> reconcile(Optional<OAuthClient> existing, URI issuer, Instant now) {
        if (existing.isEmpty()) {
            return Optional.of(registration(issuer, now));
        }
        OAuthClient c = existing.get();
        if (c.audiences().contains(issuer.toString())) {
            return Optional.empty();
        }
        Set<String> audiences = new TreeSet<>(c.audiences());
        audiences.add(issuer.toString());
        return Optional.of(new OAuthClient(c.clientId(), c.name(), c.secretHash(), c.authMethods(), c.jwks(), c.grantTypes(),
                c.scopes(), audiences, c.roles(), c.redirectUris(), c.firstParty(), c.introspection(), c.accessTokenTtl(),
                c.refreshIdleTtl(), c.refreshAbsoluteTtl(), c.refreshGracePeriod(), c.signingAlgorithm(), c.createdAt(),
                c.browser()));
    }

    public static OAuthClient registration(URI issuer, Instant now) {
        return new OAuthClient(CLIENT_ID, "Gatehouse first-party login", null, Set.of(ClientAuthenticationMethod.NONE),
                null, Set.of(GrantType.REFRESH_TOKEN), SCOPES, Set.of(issuer.toString()), Set.of(), List.of(),
                true, false, null, null, null, null, null, now, null);
    }
}

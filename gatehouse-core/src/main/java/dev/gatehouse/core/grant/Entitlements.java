package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.oauth.OAuthException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a client may receive: scope, audience and lifetimes, from its registration and the request. */
public final class Entitlements {
    private Entitlements() {}

    /** RFC 6749 3.3: no scope asked means the client's registered scopes; asking beyond them is an error. */
    public static Scope scope(OAuthClient client, Scope requested) {
        if (requested == null || requested.isEmpty()) {
            return new Scope(new TreeSet<>(client.scopes()).toArray(String[]::new));
        }
        for (String s : requested.toStringList()) {
            if (!client.scopes().contains(s)) {
                throw OAuthException.invalidScope("Scope not allowed for this client: " + s);
            }
        }
        return requested;
    }

    /**
     * What a refresh may still grant: the originally granted scope, less whatever the client's registration no
     * longer allows (a registration change must not live on in refresh tokens issued before it).
     */
    public static Scope stillGranted(OAuthClient client, Scope granted) {
        Scope kept = new Scope();
        granted.stream().filter(v -> client.scopes().contains(v.getValue())).forEach(kept::add);
        return kept;
    }

    /** Narrowing on refresh (RFC 6749 6): the new scope must lie within the granted one. */
    public static Scope narrow(Scope granted, Scope requested) {
        if (requested == null || requested.isEmpty()) {
            return granted;
        }
        for (String s : requested.toStringList()) {
            if (!granted.contains(s)) {
                throw OAuthException.invalidScope("Scope exceeds the originally granted scope: " + s);
            }
        }
        return requested;
    }

    /**
     * RFC 8707: requested resources must be registered audiences; none requested means all of them. A client
     * with no audience gets no access token: RFC 9068 requires {@code aud}, and a token for no resource could
     * only be accepted by a resource server that skips the check.
     */
    public static Set<String> audience(OAuthClient client, List<URI> resources) {
        if (client.audiences().isEmpty()) {
            throw OAuthException.invalidTarget("No audience is registered for this client");
        }
        if (resources.isEmpty()) {
            return client.audiences();
        }
        Set<String> aud = new LinkedHashSet<>();
        for (URI r : resources) {
            if (!client.audiences().contains(r.toString())) {
                throw OAuthException.invalidTarget("Resource not allowed for this client: " + r);
            }
            aud.add(r.toString());
        }
        return aud;
    }

    public static Duration accessTokenTtl(OAuthClient client, TokenConfig config) {
        Duration ttl = client.accessTokenTtl() == null ? config.accessTokenTtl() : client.accessTokenTtl();
        return ttl.compareTo(config.maxAccessTokenTtl()) > 0 ? config.maxAccessTokenTtl() : ttl;
    }

    public static Duration refreshIdleTtl(OAuthClient client, TokenConfig config) {
        return client.refreshIdleTtl() == null ? config.refreshIdleTtl() : client.refreshIdleTtl();
    }

    public static Duration refreshAbsoluteTtl(OAuthClient client, TokenConfig config) {
        return client.refreshAbsoluteTtl() == null ? config.refreshAbsoluteTtl() : client.refreshAbsoluteTtl();
    }
}

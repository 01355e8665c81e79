package dev.gatehouse.core.client;

import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a client may receive: scope, audience and lifetimes, from its registration and the request. */
public final class Entitlements {
    /** Scopes that only a subject holding the role may receive, whatever the client is registered for. */
    static final Map<String, String> ROLE_BOUND_SCOPES = Map.of("admin", User.ADMIN_ROLE);

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
     * The part of {@code scope} the subject is entitled to: a role-bound scope is dropped unless the subject
     * holds its role. RFC 6749 3.3 lets the server grant less than was asked; the response names what it got.
     */
    public static Scope entitled(Scope scope, Set<String> roles) {
        Scope kept = new Scope();
        scope.stream().filter(v -> {
            String role = ROLE_BOUND_SCOPES.get(v.getValue());
            return role == null || roles.contains(role);
        }).forEach(kept::add);
        return kept;
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

    /**
     * What a refresh may still grant as audience: the audience granted at login ({@code null}: the client's
     * registered audiences, for tokens stored before the audience was kept), less whatever the client's
     * registration no longer allows. Nothing left is invalid_target, as for a client with no audience.
     */
    public static Set<String> stillGrantedAudience(OAuthClient client, Set<String> granted) {
        return stillGrantedAudience(client, granted, null);
    }

    /**
     * As {@link #stillGrantedAudience(OAuthClient, Set)}, where a client that registered no audience may keep
     * {@code userinfoAudience}, the one audience a browser sign-in gives it (see {@link #signInAudience}).
     */
    public static Set<String> stillGrantedAudience(OAuthClient client, Set<String> granted, String userinfoAudience) {
        if (client.audiences().isEmpty() && userinfoAudience != null && Set.of(userinfoAudience).equals(granted)) {
            return granted;
        }
        if (client.audiences().isEmpty()) {
            throw OAuthException.invalidTarget("No audience is registered for this client");
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String aud : granted == null ? client.audiences() : granted) {
            if (client.audiences().contains(aud)) {
                kept.add(aud);
            }
        }
        if (kept.isEmpty()) {
            throw OAuthException.invalidTarget("None of the originally granted audiences is registered for this client");
        }
        return kept;
    }

    /** RFC 8707 2.2: resources requested on refresh must lie within the granted audience; none means all of it. */
    public static Set<String> narrowAudience(Set<String> granted, List<URI> resources) {
        if (resources.isEmpty()) {
            return granted;
        }
        Set<String> aud = new LinkedHashSet<>();
        for (URI r : resources) {
            if (!granted.contains(r.toString())) {
                throw OAuthException.invalidTarget("Resource exceeds the originally granted audience: " + r);
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

    /** Zero when the client is strict: every re-presentation of a rotated token is reuse. */
    public static Duration refreshGracePeriod(OAuthClient client) {
        return client.refreshGracePeriod() == null ? OAuthClient.DEFAULT_REFRESH_GRACE_PERIOD : client.refreshGracePeriod();
    }

    /**
     * The audience of the tokens a browser sign-in gives (authorization code grant): as at login for a client
     * with registered audiences; for a client that registered none, which signs people in for itself only, the
     * issuer's userinfo endpoint and nothing else.
     *
     * @param granted the audience the code carries, null for the client's registered ones
     */
    public static Set<String> signInAudience(OAuthClient client, Set<String> granted, List<URI> resources,
                                             String userinfoAudience) {
        if (client.audiences().isEmpty()) {
            for (URI r : resources) {
                if (!r.toString().equals(userinfoAudience)) {
                    throw OAuthException.invalidTarget("Resource not allowed for this client: " + r);
                }
            }
            return Set.of(userinfoAudience);
        }
        return narrowAudience(stillGrantedAudience(client, granted), resources);
    }
}

package dev.gatehouse.client;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a protected resource demands of a verified token. Every listed audience, scope and role must be
 * present, so adding a requirement can only narrow access, never widen it.
 *
 * @param audiences at least one: RFC 9068 section 4 obliges a resource server to check {@code aud}
 * @param scopes    scopes the token must carry (may be empty)
 * @param roles     roles the token must carry (may be empty)
 */
public record AccessPolicy(Set<String> audiences, Set<String> scopes, Set<String> roles) {
    public AccessPolicy {
        audiences = Set.copyOf(audiences);
        scopes = Set.copyOf(scopes);
        roles = Set.copyOf(roles);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("a protected resource needs an audience");
        }
        for (Set<String> values : List.of(audiences, scopes, roles)) {
            for (String value : values) {
                if (!wellFormed(value)) {
                    throw new IllegalArgumentException("not an audience, scope or role name: \"" + value
                            + "\" (printable ASCII without spaces, quotes or backslashes)");
                }
            }
        }
    }

    /**
     * RFC 6749 scope-token characters ({@code NQCHAR}), which audiences (URIs) and role names also fit: a
     * requirement then always fits in a {@code WWW-Authenticate} challenge unchanged.
     */
    private static boolean wellFormed(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    public static AccessPolicy audience(String audience) {
        return new AccessPolicy(Set.of(audience), Set.of(), Set.of());
    }

    public AccessPolicy withScopes(Set<String> more) {
        return new AccessPolicy(audiences, union(scopes, more), roles);
    }

    public AccessPolicy withRoles(Set<String> more) {
        return new AccessPolicy(audiences, scopes, union(roles, more));
    }

    /** The required scopes, space-separated and sorted, as RFC 6750 puts them in a challenge. */
    public String scopeString() {
        return String.join(" ", new TreeSet<>(scopes));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}

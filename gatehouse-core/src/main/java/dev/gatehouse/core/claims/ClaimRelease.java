package dev.gatehouse.core.claims;

import dev.gatehouse.core.user.User;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of a user's standard claims a set of scopes releases, as OpenID Connect Core 5.4 defines the
 * {@code profile}, {@code email}, {@code address} and {@code phone} scopes. A claim the user has no value for is
 * left out, never sent as null (5.3.2). {@code sub} is not among them: every answer carries it anyway.
 */
public final class ClaimRelease {
    /** OpenID Connect Core 5.4: each scope and the claims it releases, in the order 5.4 lists them. */
    public static final Map<String, List<String>> SCOPE_CLAIMS = scopeClaims();

    /**
     * Every claim name a user's claims can hold, {@code sub} first: what discovery's {@code claims_supported}
     * lists for users (OpenID Connect Discovery 3), alongside the claims of the tokens themselves.
     */
    public static final List<String> CLAIMS_SUPPORTED = Stream.concat(Stream.of("sub"),
            SCOPE_CLAIMS.values().stream().flatMap(List::stream)).toList();

    private ClaimRelease() {}

    /** The scopes that release claims here: {@code profile}, {@code email}, {@code address}, {@code phone}. */
    public static Set<String> scopes() {
        return SCOPE_CLAIMS.keySet();
    }

    /**
     * The claims {@code scopes} release for {@code user}, by claim name: strings, booleans for the two
     * {@code _verified} claims, {@code updated_at} as seconds since the epoch, {@code address} as a map of its
     * members. {@code preferred_username} is the username when the profile holds none. Scopes other than the
     * four above release nothing here.
     */
    public static Map<String, Object> claims(User user, Set<String> scopes) {
        Map<String, Object> held = new LinkedHashMap<>(user.profile().claims());
        // the name the user signs in with, unless the profile names another
        held.putIfAbsent("preferred_username", user.username());
        held.put("updated_at", user.updatedAt().getEpochSecond());
        Map<String, Object> released = new LinkedHashMap<>();
        SCOPE_CLAIMS.forEach((scope, claims) -> {
            if (scopes.contains(scope)) {
                for (String claim : claims) {
                    Object value = held.get(claim);
                    if (value != null) {
                        released.put(claim, value);
                    }
                }
            }
        });
        return released;
    }

    private static Map<String, List<String>> scopeClaims() {
        Map<String, List<String>> claims = new LinkedHashMap<>();
        claims.put("profile", List.of("name", "family_name", "given_name", "middle_name", "nickname",
                "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale",
                "updated_at"));
        claims.put("email", List.of("email", "email_verified"));
        claims.put("address", List.of("address"));
        claims.put("phone", List.of("phone_number", "phone_number_verified"));
        return Collections.unmodifiableMap(claims);
    }
}

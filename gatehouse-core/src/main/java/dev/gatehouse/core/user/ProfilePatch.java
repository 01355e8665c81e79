package dev.gatehouse.core.user;

import dev.gatehouse.core.validation.InvalidFieldException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A change to a user's profile by claim name, with the semantics of a JSON merge patch (RFC 7396): a claim
 * absent from {@link #changes()} keeps its value, a claim mapped to null is cleared, any other value replaces
 * it. The address is patched member by member the same way when its value is a map, and cleared whole when null.
 *
 * @param changes claim name to new value (a string, a boolean for the {@code _verified} claims, a map of members
 *                for {@code address}) or null
 */
public record ProfilePatch(Map<String, Object> changes) {
    /** Changes nothing. */
    public static final ProfilePatch NONE = new ProfilePatch(Map.of());

    /** @throws InvalidFieldException naming a key that is not a profile claim */
    public ProfilePatch {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            if (!UserProfile.CLAIMS.contains(change.getKey())) {
                throw new InvalidFieldException(change.getKey(), "not a profile claim");
            }
            Object value = change.getValue();
            copy.put(change.getKey(), value instanceof Map<?, ?> m ? Collections.unmodifiableMap(new LinkedHashMap<>(m)) : value);
        }
        changes = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The names of the claims this patch sets or clears. */
    public Set<String> claims() {
        return changes.keySet();
    }

    /**
     * The profile with these changes made. The result is not yet checked against {@link ProfileBounds}.
     *
     * @throws InvalidFieldException naming the claim whose new value has the wrong type
     */
    public UserProfile applyTo(UserProfile profile) {
        Map<String, Object> claims = new LinkedHashMap<>(profile.claims());
        changes.forEach((claim, value) -> {
            if (claim.equals("address") && value instanceof Map<?, ?> members) {
                Map<String, Object> address = profile.address() == null ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(profile.address().claims());
                // a member mapped to null stays null: it is cleared, and an unknown member's name is still refused
                members.forEach((member, memberValue) -> address.put(String.valueOf(member), memberValue));
                claims.put(claim, address);
            } else if (value == null) {
                claims.remove(claim);
            } else {
                claims.put(claim, value);
            }
        });
        return UserProfile.fromClaims(claims);
    }
}

package dev.gatehouse.core.consent;

import java.time.Instant;
import java.util.Set;

/** What a user allowed a third-party client: the scopes, remembered until the user or an administrator revokes it. */
public record Consent(String subject, String clientId, Set<String> scopes, Instant grantedAt) {
    public Consent {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the user already allowed every scope of {@code requested}. */
    public boolean covers(Set<String> requested) {
        return scopes.containsAll(requested);
    }
}

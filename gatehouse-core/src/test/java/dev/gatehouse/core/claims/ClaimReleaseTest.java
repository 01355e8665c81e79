package dev.gatehouse.core.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserProfile;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimReleaseTest {
    static final Instant UPDATED = Instant.parse("2026-03-01T10:15:30.123456Z");
    static final UserProfile FULL = new UserProfile("Alice Q. Liddell", "Alice", "Liddell", "Quinn", "Al", "alice.l",
            "https://example.com/alice", "https://example.com/alice.png", "http://alice.example", "alice@example.com",
            true, "female", "1852-05-04", "Europe/London", "en-GB", "+44 20 7946 0958", false,
            new UserProfile.Address(null, "1 Oxford Road", "Oxford", null, "OX1 1AA", "GB"));
    final User alice = new User("u-1", "alice", null, false, Set.of("reader"), Instant.EPOCH, UPDATED, FULL);

    @Test
    void openidAloneReleasesNoProfileClaim() {
        assertThat(ClaimRelease.claims(alice, Set.of("openid"))).isEmpty();
        assertThat(ClaimRelease.claims(alice, Set.of("openid", "orders:read", "roles"))).isEmpty();
    }

    @Test
    void profileScopeReleasesTheProfileClaimsAndUpdatedAtInSeconds() {
        Map<String, Object> claims = ClaimRelease.claims(alice, Set.of("openid", "profile"));

        assertThat(claims).containsOnly(entry("name", "Alice Q. Liddell"), entry("family_name", "Liddell"),
                entry("given_name", "Alice"), entry("middle_name", "Quinn"), entry("nickname", "Al"),
                entry("preferred_username", "alice.l"), entry("profile", "https://example.com/alice"),
                entry("picture", "https://example.com/alice.png"), entry("website", "http://alice.example"),
                entry("gender", "female"), entry("birthdate", "1852-05-04"), entry("zoneinfo", "Europe/London"),
                entry("locale", "en-GB"), entry("updated_at", UPDATED.getEpochSecond()));
    }

    @Test
    void emailAddressAndPhoneScopesReleaseTheirOwnClaimsOnly() {
        assertThat(ClaimRelease.claims(alice, Set.of("email")))
                .containsOnly(entry("email", "alice@example.com"), entry("email_verified", true));
        assertThat(ClaimRelease.claims(alice, Set.of("phone")))
                .containsOnly(entry("phone_number", "+44 20 7946 0958"), entry("phone_number_verified", false));
        assertThat(ClaimRelease.claims(alice, Set.of("address"))).containsOnly(entry("address",
                Map.of("street_address", "1 Oxford Road", "locality", "Oxford", "postal_code", "OX1 1AA", "country", "GB")));
    }

    @Test
    void claimsWithoutAValueAreLeftOutAndPreferredUsernameFallsBackToTheUsername() {
        User bare = new User("u-2", "bob", null, false, Set.of(), Instant.EPOCH, UPDATED);

        assertThat(ClaimRelease.claims(bare, Set.of("profile", "email", "address", "phone")))
                .containsOnly(entry("preferred_username", "bob"), entry("updated_at", UPDATED.getEpochSecond()));
    }

    @Test
    void everyReleasableClaimIsListedAsSupported() {
        Map<String, Object> all = ClaimRelease.claims(alice, ClaimRelease.scopes());

        assertThat(ClaimRelease.CLAIMS_SUPPORTED).startsWith("sub").containsAll(all.keySet())
                .containsAll(UserProfile.CLAIMS).contains("updated_at").doesNotHaveDuplicates();
    }
}

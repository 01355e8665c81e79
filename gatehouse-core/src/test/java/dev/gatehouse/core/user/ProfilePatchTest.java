package dev.gatehouse.core.user;

import static dev.gatehouse.core.user.ProfileBoundsTest.FULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.validation.InvalidFieldException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilePatchTest {

    @Test
    void absentClaimsKeepTheirValuesNullClearsAndAValueReplaces() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("nickname", null);
        changes.put("email", "alice@example.org");
        changes.put("email_verified", false);

        UserProfile patched = new ProfilePatch(changes).applyTo(FULL);

        assertThat(patched.nickname()).isNull();
        assertThat(patched.email()).isEqualTo("alice@example.org");
        assertThat(patched.emailVerified()).isFalse();
        assertThat(patched.name()).isEqualTo(FULL.name());
        assertThat(patched.address()).isEqualTo(FULL.address());
    }

    @Test
    void emptyPatchChangesNothing() {
        assertThat(ProfilePatch.NONE.applyTo(FULL)).isEqualTo(FULL);
        assertThat(ProfilePatch.NONE.isEmpty()).isTrue();
    }

    @Test
    void addressIsPatchedMemberByMember() {
        Map<String, Object> members = new HashMap<>();
        members.put("locality", "Cambridge");
        members.put("region", null);

        UserProfile patched = new ProfilePatch(Map.of("address", members)).applyTo(FULL);

        assertThat(patched.address()).isEqualTo(new UserProfile.Address(FULL.address().formatted(),
                FULL.address().streetAddress(), "Cambridge", null, FULL.address().postalCode(), FULL.address().country()));
    }

    @Test
    void addressSetOnAProfileWithoutOneHoldsOnlyTheGivenMembers() {
        UserProfile patched = new ProfilePatch(Map.of("address", Map.of("country", "FR"))).applyTo(UserProfile.EMPTY);

        assertThat(patched.address()).isEqualTo(new UserProfile.Address(null, null, null, null, null, "FR"));
    }

    @Test
    void addressNullOrWithEveryMemberClearedIsNoAddress() {
        Map<String, Object> clearAddress = new HashMap<>();
        clearAddress.put("address", null);
        Map<String, Object> everyMember = new HashMap<>();
        UserProfile.Address.FIELDS.forEach(m -> everyMember.put(m, null));

        assertThat(new ProfilePatch(clearAddress).applyTo(FULL).address()).isNull();
        assertThat(new ProfilePatch(Map.of("address", everyMember)).applyTo(FULL).address()).isNull();
    }

    @Test
    void unknownClaimOrAddressMemberIsRefusedByName() {
        assertRefused(() -> new ProfilePatch(Map.of("sub", "someone-else")), "sub");
        assertRefused(() -> new ProfilePatch(Map.of("updated_at", "2020")), "updated_at");
        Map<String, Object> nullMember = new HashMap<>();
        nullMember.put("street", null);
        assertRefused(() -> new ProfilePatch(Map.of("address", nullMember)).applyTo(FULL), "address.street");
        assertRefused(() -> new ProfilePatch(Map.of("address", Map.of("city", "Oxford"))).applyTo(FULL), "address.city");
    }

    @Test
    void valueOfTheWrongTypeIsRefusedByName() {
        assertRefused(() -> new ProfilePatch(Map.of("name", 5)).applyTo(FULL), "name");
        assertRefused(() -> new ProfilePatch(Map.of("email_verified", "yes")).applyTo(FULL), "email_verified");
        assertRefused(() -> new ProfilePatch(Map.of("phone_number_verified", 1)).applyTo(FULL), "phone_number_verified");
        assertRefused(() -> new ProfilePatch(Map.of("address", "1 Oxford Road")).applyTo(FULL), "address");
        assertRefused(() -> new ProfilePatch(Map.of("address", Map.of("locality", List.of("a")))).applyTo(FULL),
                "address.locality");
    }

    @Test
    void claimsRoundTripThroughTheirNames() {
        assertThat(UserProfile.fromClaims(FULL.claims())).isEqualTo(FULL);
        assertThat(FULL.claims().keySet()).containsExactlyElementsOf(UserProfile.CLAIMS);
        assertThat(UserProfile.EMPTY.claims()).isEmpty();
    }

    private static void assertRefused(Runnable change, String field) {
        assertThatThrownBy(change::run).isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo(field);
    }
}

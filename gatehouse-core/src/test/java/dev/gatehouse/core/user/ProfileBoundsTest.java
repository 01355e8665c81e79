package dev.gatehouse.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.validation.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileBoundsTest {
    static final UserProfile FULL = new UserProfile("Alice Q. Liddell", "Alice", "Liddell", "Quinn", "Al", "alice.l",
            "https://example.com/alice", "https://example.com/alice.png", "http://alice.example", "alice@example.com",
            true, "female", "1852-05-04", "Europe/London", "en-GB", "+44 20 7946 0958", false,
            new UserProfile.Address("1 Oxford Road\nOxford OX1 1AA\r\nUnited Kingdom", "1 Oxford Road\nFlat 2",
                    "Oxford", "Oxfordshire", "OX1 1AA", "GB"));

    @Test
    void everyClaimWithAUsualValueIsAccepted() {
        assertThat(ProfileBounds.check(FULL)).isEqualTo(FULL);
        assertThat(ProfileBounds.check(UserProfile.EMPTY)).isEqualTo(UserProfile.EMPTY);
    }

    @Test
    void emailMustBeAnAddress() {
        for (String bad : new String[] {"alice", "alice@", "@example.com", "alice@localhost", "alice example@x.com",
                "alice@@example.com", "alice@-example.com", "a".repeat(65) + "@example.com",
                "alice@" + "d".repeat(250) + ".com"}) {
            assertRefused(with("email", bad), "email");
        }
        assertThat(ProfileBounds.check(with("email", "a.b+tag@mail.example.co.uk")).email())
                .isEqualTo("a.b+tag@mail.example.co.uk");
    }

    @Test
    void phoneNumberMustBeE164WithOptionalSeparatorsAndExtension() {
        for (String good : new String[] {"+14155550100", "+1 (415) 555-0100", "+33.1.23.45.67.89",
                "+1 604 555 1234;ext=5678"}) {
            assertThat(ProfileBounds.check(with("phone_number", good)).phoneNumber()).isEqualTo(good);
        }
        for (String bad : new String[] {"4155550100", "+1 555", "+1234567890123456", "+1 415 CALL NOW",
                "+1 415 555 0100 ext 5", "+1 415 555 0100;ext=", "++14155550100"}) {
            assertRefused(with("phone_number", bad), "phone_number");
        }
    }

    @Test
    void birthdateIsAFullDateOrAYear() {
        for (String good : new String[] {"1990-12-31", "1990", "0000-02-29", "2000-02-29", "0000"}) {
            assertThat(ProfileBounds.check(with("birthdate", good)).birthdate()).isEqualTo(good);
        }
        for (String bad : new String[] {"1990-02-30", "1990-13-01", "1990-1-1", "90", "1990-12", "1990-12-31T00:00Z",
                "1999-02-29", "31/12/1990"}) {
            assertRefused(with("birthdate", bad), "birthdate");
        }
    }

    @Test
    void zoneinfoIsAKnownZone() {
        assertThat(ProfileBounds.check(with("zoneinfo", "America/Los_Angeles")).zoneinfo()).isEqualTo("America/Los_Angeles");
        for (String bad : new String[] {"Mars/Olympus_Mons", "+02:00", "europe/paris", ""}) {
            assertRefused(with("zoneinfo", bad), "zoneinfo");
        }
    }

    @Test
    void localeIsABcp47Tag() {
        for (String good : new String[] {"en", "en-US", "fr-CA", "zh-Hant-TW", "de-CH-1996"}) {
            assertThat(ProfileBounds.check(with("locale", good)).locale()).isEqualTo(good);
        }
        for (String bad : new String[] {"en_US", "", "english please", "en-", "x".repeat(65)}) {
            assertRefused(with("locale", bad), "locale");
        }
    }

    @Test
    void urlsAreAbsoluteHttpOrHttps() {
        for (String claim : new String[] {"profile", "picture", "website"}) {
            for (String bad : new String[] {"javascript:alert(1)", "/alice", "ftp://example.com/a", "https:///alice",
                    "https://exa mple.com", "data:image/png;base64,AAAA", "https://example.com/" + "p".repeat(2000)}) {
                assertRefused(with(claim, bad), claim);
            }
            assertThat(ProfileBounds.check(with(claim, "HTTPS://Example.com/a?b=c#d")).claims()).containsKey(claim);
        }
    }

    @Test
    void textClaimsAreBoundedNotBlankAndFreeOfControlCharacters() {
        for (String claim : new String[] {"name", "given_name", "family_name", "middle_name", "nickname",
                "preferred_username", "gender"}) {
            assertThat(ProfileBounds.check(with(claim, "é".repeat(ProfileBounds.TEXT_MAX))).claims()).containsKey(claim);
            assertRefused(with(claim, "x".repeat(ProfileBounds.TEXT_MAX + 1)), claim);
            assertRefused(with(claim, "   "), claim);
            assertRefused(with(claim, "Alice\nBob"), claim);
            assertRefused(with(claim, "Alice\u0000"), claim);
        }
    }

    @Test
    void addressLinesMayBreakButItsOtherMembersMayNot() {
        assertRefused(address("locality", "Oxford\nEngland"), "address.locality");
        assertRefused(address("postal_code", "9".repeat(ProfileBounds.POSTAL_CODE_MAX + 1)), "address.postal_code");
        assertRefused(address("formatted", "x".repeat(ProfileBounds.ADDRESS_LINES_MAX + 1)), "address.formatted");
        assertRefused(address("street_address", "1 Road\u0007"), "address.street_address");
        assertRefused(address("country", ""), "address.country");
        assertThat(ProfileBounds.check(address("street_address", "1 Road\r\nFlat 2")).address().streetAddress())
                .isEqualTo("1 Road\r\nFlat 2");
    }

    @Test
    void refusalShowsTheValueCutShort() {
        assertThatThrownBy(() -> ProfileBounds.check(with("email", "not-an-address-" + "x".repeat(100))))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("\"not-an-address-xxx")
                .hasMessageContaining("...\"");
    }

    private static UserProfile with(String claim, String value) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(claim, value);
        return new ProfilePatch(changes).applyTo(FULL);
    }

    private static UserProfile address(String member, String value) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put(member, value);
        return new ProfilePatch(Map.of("address", members)).applyTo(FULL);
    }

    private static void assertRefused(UserProfile profile, String field) {
        assertThatThrownBy(() -> ProfileBounds.check(profile)).isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo(field);
    }
}

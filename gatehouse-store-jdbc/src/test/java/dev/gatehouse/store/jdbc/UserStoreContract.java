package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.user.ProfileBounds;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserProfile;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserStoreContract extends StoreContract {

    @Test
    void createdUserIsFoundByIdAndByUsernameWithEveryField() {
        User alice = user("u-1", "Alice");
        stores.users().create(alice);

        assertThat(stores.users().findById("u-1")).contains(alice);
        assertThat(stores.users().findByUsername("Alice")).contains(alice);
    }

    @Test
    void userWithoutPasswordAndRolesRoundTrips() {
        User robot = new User("u-1", "robot", null, true, Set.of(), T0, at(HOUR));
        stores.users().create(robot);

        assertThat(stores.users().findById("u-1")).contains(robot);
    }

    @Test
    void profileWithEveryClaimRoundTripsThroughCreateFindAndList() {
        User alice = user("u-1", "alice").withProfile(fullProfile(), T0);
        stores.users().create(alice);

        assertThat(stores.users().findById("u-1")).contains(alice);
        assertThat(stores.users().findByUsername("alice")).contains(alice);
        assertThat(stores.users().findByIdForUpdate("u-1")).contains(alice);
        assertThat(stores.users().list(null, 0, 10).items()).containsExactly(alice);
    }

    @Test
    void profileValuesAtTheirBoundsFitTheirColumns() {
        String longest = "é".repeat(ProfileBounds.TEXT_MAX);
        String url = "https://example.com/" + "p".repeat(ProfileBounds.URL_MAX - 20);
        UserProfile.Address address = new UserProfile.Address("x\n".repeat(ProfileBounds.ADDRESS_LINES_MAX / 2),
                "s".repeat(ProfileBounds.ADDRESS_LINES_MAX), longest, longest, "9".repeat(ProfileBounds.POSTAL_CODE_MAX),
                longest);
        UserProfile profile = new UserProfile(longest, longest, longest, longest, longest, longest, url, url, url,
                "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61), true, longest,
                "0000-02-29", "America/Argentina/ComodRivadavia", "sr-Latn-RS-u-ca-gregory-nu-latn-x-abcdefgh-abcdefgh-abcdefgh-abc",
                "+1" + " ".repeat(32) + " (604) 555-1234;ext=5678901234", false, address);
        User alice = user("u-1", "alice").withProfile(profile, T0);

        stores.users().create(alice);

        assertThat(stores.users().findById("u-1")).contains(alice);
    }

    @Test
    void updateReplacesTheProfileAndClearsWhatItNoLongerHolds() {
        stores.users().create(user("u-1", "alice").withProfile(fullProfile(), T0));
        UserProfile partial = new UserProfile("Alice", null, null, null, null, null, null, null, null,
                "alice@example.com", false, null, null, null, null, null, null,
                new UserProfile.Address(null, null, "Paris", null, null, null));
        User changed = stores.users().findById("u-1").orElseThrow().withProfile(partial, at(HOUR));

        assertThat(stores.users().update(changed)).isTrue();

        assertThat(stores.users().findById("u-1")).contains(changed);
        User cleared = changed.withProfile(UserProfile.EMPTY, at(HOUR.multipliedBy(2)));
        stores.users().update(cleared);
        assertThat(stores.users().findById("u-1").orElseThrow().profile()).isEqualTo(UserProfile.EMPTY);
    }

    @Test
    void otherChangesKeepTheProfile() {
        stores.users().create(user("u-1", "alice").withProfile(fullProfile(), T0));

        stores.users().update(stores.users().findById("u-1").orElseThrow().withRoles(Set.of("viewer"), at(HOUR)));
        stores.users().replacePasswordHash("u-1", user("u-1", "alice").passwordHash(), "$argon2id$new", at(HOUR));

        assertThat(stores.users().findById("u-1").orElseThrow().profile()).isEqualTo(fullProfile());
    }

    static UserProfile fullProfile() {
        return new UserProfile("Alice Q. Liddell", "Alice", "Liddell", "Quinn", "Al", "alice.l",
                "https://example.com/alice", "https://example.com/alice.png", "http://alice.example", "alice@example.com",
                true, "female", "1852-05-04", "Europe/London", "en-GB", "+44 20 7946 0958", false,
                new UserProfile.Address("1 Oxford Road\nOxford OX1 1AA\nUnited Kingdom", "1 Oxford Road\nFlat 2",
                        "Oxford", "Oxfordshire", "OX1 1AA", "GB"));
    }

    @Test
    void findByUsernameIgnoresCaseAndKeepsTheStoredSpelling() {
        stores.users().create(user("u-1", "Alice"));

        assertThat(stores.users().findByUsername("aLICE")).map(User::username).contains("Alice");
    }

    @Test
    void findWhenAbsentThenEmpty() {
        assertThat(stores.users().findById("nobody")).isEmpty();
        assertThat(stores.users().findByUsername("nobody")).isEmpty();
    }

    @Test
    void createWhenUsernameTakenInAnotherCaseThenDuplicate() {
        stores.users().create(user("u-1", "alice"));

        assertThatThrownBy(() -> stores.users().create(user("u-2", "ALICE")))
                .isInstanceOf(DuplicateException.class);
        assertThat(stores.users().findById("u-2")).isEmpty();
    }

    @Test
    void createWhenIdTakenThenDuplicate() {
        stores.users().create(user("u-1", "alice"));

        assertThatThrownBy(() -> stores.users().create(user("u-1", "bob"))).isInstanceOf(DuplicateException.class);
    }

    @Test
    void createWhenRoleContainsSpaceThenRefused() {
        User bad = user("u-1", "alice").withRoles(Set.of("admin ops"), T0);

        assertThatThrownBy(() -> stores.users().create(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(stores.users().findById("u-1")).isEmpty();
    }

    @Test
    void updateReplacesUsernameHashFlagRolesAndUpdatedAtButNotCreatedAt() {
        stores.users().create(user("u-1", "alice"));
        User changed = new User("u-1", "Alicia", "$argon2id$new", true, Set.of("viewer"), at(HOUR), at(HOUR));

        assertThat(stores.users().update(changed)).isTrue();

        User stored = stores.users().findById("u-1").orElseThrow();
        assertThat(stored).isEqualTo(new User("u-1", "Alicia", "$argon2id$new", true, Set.of("viewer"), T0, at(HOUR)));
        assertThat(stores.users().findByUsername("alice")).isEmpty();
        assertThat(stores.users().findByUsername("alicia")).isPresent();
    }

    @Test
    void updateWhenAbsentThenFalse() {
        assertThat(stores.users().update(user("u-1", "alice"))).isFalse();
        assertThat(stores.users().findById("u-1")).isEmpty();
    }

    @Test
    void updateToUsernameOfAnotherUserThenDuplicate() {
        stores.users().create(user("u-1", "alice"));
        stores.users().create(user("u-2", "bob"));

        assertThatThrownBy(() -> stores.users().update(user("u-2", "Alice"))).isInstanceOf(DuplicateException.class);
        assertThat(stores.users().findById("u-2")).map(User::username).contains("bob");
    }

    @Test
    void deleteRemovesTheUserAndFreesTheUsername() {
        stores.users().create(user("u-1", "alice"));

        assertThat(stores.users().delete("u-1")).isTrue();
        assertThat(stores.users().delete("u-1")).isFalse();
        assertThat(stores.users().findById("u-1")).isEmpty();
        stores.users().create(user("u-2", "alice"));
        assertThat(stores.users().findByUsername("alice")).map(User::id).contains("u-2");
    }

    @Test
    void lockEnabledWithRoleFindsExactlyTheEnabledHoldersOfThatRole() {
        stores.users().create(user("u-1", "alice").withRoles(Set.of("admin"), T0));
        stores.users().create(user("u-2", "bob").withRoles(Set.of("ops", "admin", "viewer"), T0));
        stores.users().create(user("u-3", "carol").withRoles(Set.of("admin"), T0).withDisabled(true, T0));
        stores.users().create(user("u-4", "dave").withRoles(Set.of("administrator", "sub-admin", "admin:read"), T0));
        stores.users().create(user("u-5", "eve").withRoles(Set.of("admin_"), T0));
        stores.users().create(user("u-6", "frank").withRoles(Set.of(), T0));

        Set<String> admins = stores.transactions().inTransaction(() -> stores.users().lockEnabledWithRole("admin"));

        assertThat(admins).containsExactlyInAnyOrder("u-1", "u-2");
        assertThat(stores.users().lockEnabledWithRole("admi_")).isEmpty();
    }

    @Test
    void listOrdersByUsernameIgnoringCaseAndPages() {
        for (String name : new String[] {"dave", "Bob", "alice", "Carol", "eve"}) {
            stores.users().create(user("id-" + name, name));
        }

        Page<User> first = stores.users().list(null, 0, 2);
        Page<User> second = stores.users().list(null, 2, 2);
        Page<User> last = stores.users().list(null, 4, 2);
        Page<User> beyond = stores.users().list(null, 10, 2);

        assertThat(first.items()).extracting(User::username).containsExactly("alice", "Bob");
        assertThat(second.items()).extracting(User::username).containsExactly("Carol", "dave");
        assertThat(last.items()).extracting(User::username).containsExactly("eve");
        assertThat(beyond.items()).isEmpty();
        assertThat(first.total()).isEqualTo(5);
        assertThat(beyond.total()).isEqualTo(5);
        assertThat(second.offset()).isEqualTo(2);
        assertThat(second.limit()).isEqualTo(2);
    }

    @Test
    void listSearchMatchesSubstringIgnoringCaseAndCountsOnlyMatches() {
        for (String name : new String[] {"alice", "MALICE", "bob", "Alina"}) {
            stores.users().create(user("id-" + name, name));
        }

        Page<User> page = stores.users().list("LIC", 0, 10);

        assertThat(page.items()).extracting(User::username).containsExactly("alice", "MALICE");
        assertThat(page.total()).isEqualTo(2);
        assertThat(stores.users().list("", 0, 10).total()).isEqualTo(4);
    }

    @Test
    void listSearchTreatsLikeWildcardsAndEscapeCharacterLiterally() {
        for (String name : new String[] {"a_b", "axb", "c%d", "cxd", "e!f", "e!!f"}) {
            stores.users().create(user("id-" + name, name));
        }

        assertThat(stores.users().list("_", 0, 10).items()).extracting(User::username).containsExactly("a_b");
        assertThat(stores.users().list("%", 0, 10).items()).extracting(User::username).containsExactly("c%d");
        assertThat(stores.users().list("e!f", 0, 10).items()).extracting(User::username).containsExactly("e!f");
        assertThat(stores.users().list("!!", 0, 10).items()).extracting(User::username).containsExactly("e!!f");
    }

    @Test
    void listWithNegativeOffsetOrEmptyLimitIsRefused() {
        assertThatThrownBy(() -> stores.users().list(null, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stores.users().list(null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

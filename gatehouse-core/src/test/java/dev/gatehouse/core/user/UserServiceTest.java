package dev.gatehouse.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.testing.InMemoryUserStore;
import dev.gatehouse.core.testing.RecordingAuditLog;
import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.core.validation.InvalidFieldException;
import dev.gatehouse.core.audit.AuditEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UserServiceTest {
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    // only refused changes and creations here, so no revocation machinery is needed
    private final UserService service = new UserService(new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    }, users, new PasswordHasher(new PasswordConfig(8 * 1024, 1, 1)), null, audit, MutableClock.startingNow());

    @Test
    void thousandRolesAreRefusedNamingRolesAndNothingIsStored() {
        Set<String> thousand = roles(1000, 8);

        assertRefused(() -> service.create("alice", null, thousand, "admin"), "roles");
        assertRefused(() -> service.upsertWithHash("alice", null, thousand, false, "provisioning"), "roles");
        assertThat(users.findByUsername("alice")).isEmpty();
        assertThat(audit.events).isEmpty();
    }

    @Test
    void thousandRolesAreRefusedWhenSetOnAnExistingUser() {
        User alice = service.create("alice", null, Set.of("reader"), "admin");

        assertRefused(() -> service.setRoles(alice.id(), roles(1000, 8), "admin"), "roles");
        assertThat(users.findById(alice.id()).orElseThrow().roles()).containsExactly("reader");
    }

    @Test
    void rolesAtTheirBoundWithTheLongestNamesAreKept() {
        Set<String> most = roles(FieldBounds.ROLES_MAX, FieldBounds.ROLE_MAX);

        User alice = service.create("alice", null, most, "admin");

        assertThat(users.findById(alice.id()).orElseThrow().roles()).isEqualTo(most);
    }

    @Test
    void roleOverItsLengthOrOutsideItsCharsetIsRefused() {
        assertRefused(() -> service.create("alice", null, Set.of("r".repeat(FieldBounds.ROLE_MAX + 1)), "admin"), "roles");
        assertRefused(() -> service.create("alice", null, Set.of("two words"), "admin"), "roles");
    }

    @Test
    void usernamePasswordAndPasswordHashOverTheirBoundsAreRefused() {
        assertRefused(() -> service.create("u".repeat(FieldBounds.USERNAME_MAX + 1), null, Set.of(), "admin"), "username");
        assertRefused(() -> service.create("alice", "p".repeat(FieldBounds.PASSWORD_MAX + 1), Set.of(), "admin"), "password");
        assertRefused(() -> service.upsertWithHash("alice", "$argon2id$" + "h".repeat(FieldBounds.HASH_MAX), Set.of(), false,
                "provisioning"), "password_hash");
        assertThat(users.findByUsername("alice")).isEmpty();
    }

    @Test
    void updateProfileChangesOnlyTheNamedClaimsAndAuditsTheirNamesNotTheirValues() {
        User alice = service.create("alice", null, Set.of("reader"), ProfileBoundsTest.FULL, "admin");
        Map<String, Object> changes = new HashMap<>();
        changes.put("email", "alice@example.org");
        changes.put("nickname", null);

        User updated = service.updateProfile(alice.id(), new ProfilePatch(changes), "admin").orElseThrow();

        assertThat(users.findById(alice.id())).contains(updated);
        assertThat(updated.profile().email()).isEqualTo("alice@example.org");
        assertThat(updated.profile().nickname()).isNull();
        assertThat(updated.profile().givenName()).isEqualTo("Alice");
        AuditEvent event = audit.events.getLast();
        assertThat(event.type()).isEqualTo("user.profile_updated");
        assertThat(event.details()).containsOnlyKeys("claims");
        assertThat(event.details().get("claims").split(" ")).containsExactlyInAnyOrder("email", "nickname");
        assertThat(event.details().toString()).doesNotContain("alice@example.org");
    }

    @Test
    void updateProfileThatChangesNothingWritesNothing() {
        User alice = service.create("alice", null, Set.of(), ProfileBoundsTest.FULL, "admin");
        int events = audit.events.size();

        User same = service.updateProfile(alice.id(), new ProfilePatch(Map.of("email", "alice@example.com")), "admin")
                .orElseThrow();

        assertThat(same).isEqualTo(alice);
        assertThat(audit.events).hasSize(events);
    }

    @Test
    void invalidProfileIsRefusedByClaimAndNothingIsStored() {
        assertRefused(() -> service.create("alice", null, Set.of(),
                new ProfilePatch(Map.of("email", "nope")).applyTo(UserProfile.EMPTY), "admin"), "email");
        assertRefused(() -> service.upsertWithHash("alice", null, Set.of(), false,
                new ProfilePatch(Map.of("zoneinfo", "Mars/Olympus")), "provisioning"), "zoneinfo");
        assertThat(users.findByUsername("alice")).isEmpty();

        User bob = service.create("bob", null, Set.of(), "admin");
        assertRefused(() -> service.updateProfile(bob.id(), new ProfilePatch(Map.of("website", "javascript:x")), "admin"),
                "website");
        assertThat(users.findById(bob.id()).orElseThrow().profile()).isEqualTo(UserProfile.EMPTY);
    }

    @Test
    void updateProfileOfAnUnknownUserIsEmpty() {
        assertThat(service.updateProfile("nobody", new ProfilePatch(Map.of("name", "N")), "admin")).isEmpty();
    }

    private static void assertRefused(Runnable change, String field) {
        assertThatThrownBy(change::run).isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo(field);
    }

    private static Set<String> roles(int count, int length) {
        Set<String> roles = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String head = "r" + i;
            roles.add(head + "x".repeat(length - head.length()));
        }
        return roles;
    }
}

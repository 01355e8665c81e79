package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The admin API refuses to take the admin role from the last enabled user holding it: deleting, disabling, or
 * setting roles without {@code admin}. Each test starts on its own database, so that it knows every admin.
 */
class AdminLastAdminApiTest {
    /** A change that takes the admin role from a user, and how the API answers when it is allowed. */
    enum Removal {
        DELETE(204) {
            @Override
            HttpResponse<String> send(AdminApi api, String id) {
                return api.delete("/users/" + id);
            }
        },
        DISABLE(200) {
            @Override
            HttpResponse<String> send(AdminApi api, String id) {
                return api.post("/users/" + id + "/disable");
            }
        },
        DROP_ROLE(200) {
            @Override
            HttpResponse<String> send(AdminApi api, String id) {
                return api.put("/users/" + id + "/roles", body("roles", List.of("viewer")));
            }
        };

        final int allowed;

        Removal(int allowed) {
            this.allowed = allowed;
        }

        abstract HttpResponse<String> send(AdminApi api, String id);
    }

    @TempDir
    Path dir;

    private TestIssuer issuer;
    private User root;
    private User rootAsStored;
    private AdminApi api;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        root = issuer.createUser("root", "admin-password", Set.of("admin", "ops"));
        rootAsStored = issuer.services().users().find(root.id()).orElseThrow();
        api = AdminApi.withToken(issuer, AdminApi.login(issuer, root).accessToken().value());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @ParameterizedTest
    @EnumSource(Removal.class)
    void removingTheLastEnabledAdminFromThemselvesThen409AndTheyAreUnchanged(Removal removal) {
        JsonNode problem = assertProblem(removal.send(api, root.id()), 409);

        assertThat(problem.path("detail").asText()).contains("root").contains("admin");
        assertThat(issuer.services().users().find(root.id())).contains(rootAsStored);
        assertThat(api.get("/users").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Removal.class)
    void removingTheLastEnabledAdminThroughAnotherUserThen409(Removal removal) {
        // Roles that only contain the word do not make their holder an admin.
        User lookalike = issuer.createUser("lookalike", "long enough secret", Set.of("administrator", "sub-admin", "admin:read"));
        AdminApi other = AdminApi.withToken(issuer, AdminApi.login(issuer, lookalike).accessToken().value());

        assertProblem(removal.send(api, root.id()), 409);
        assertThat(issuer.services().users().find(root.id())).contains(rootAsStored);
        assertThat(other.get("/users").statusCode()).isEqualTo(403);
    }

    @ParameterizedTest
    @EnumSource(Removal.class)
    void removingAnAdminWhileAnotherEnabledAdminRemainsSucceeds(Removal removal) {
        User second = issuer.createUser("second", "admin-password", Set.of("admin"));

        HttpResponse<String> r = removal.send(api, root.id());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(removal.allowed);
        assertThat(issuer.services().users().find(root.id()).filter(u -> !u.disabled() && u.roles().contains("admin")))
                .isEmpty();
        AdminApi remaining = AdminApi.withToken(issuer, AdminApi.login(issuer, second).accessToken().value());
        assertThat(remaining.get("/users").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Removal.class)
    void aDisabledAdminDoesNotCountAsOneWhoRemains(Removal removal) {
        User dormant = issuer.createUser("dormant", "admin-password", Set.of("admin"));
        issuer.services().users().setDisabled(dormant.id(), true, "test");

        assertProblem(removal.send(api, root.id()), 409);
        assertThat(issuer.services().users().find(root.id())).contains(rootAsStored);
    }

    @Test
    void theLastAdminMayStillChangeOthersAndTheirOwnOtherRoles() {
        User bob = issuer.createUser("bob", "long enough secret", Set.of("viewer"));

        assertThat(api.post("/users/" + bob.id() + "/disable").statusCode()).isEqualTo(200);
        assertThat(api.delete("/users/" + bob.id()).statusCode()).isEqualTo(204);
        assertThat(api.put("/users/" + root.id() + "/roles", body("roles", List.of("admin"))).statusCode()).isEqualTo(200);
        assertThat(issuer.services().users().find(root.id()).orElseThrow().roles()).containsExactly("admin");
    }
}

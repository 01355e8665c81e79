package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminUsersApiTest extends SharedIssuerAdminTest {
    private static String createUser(String username, String... roles) {
        HttpResponse<String> r = api.post("/users", body("username", username, "password", "long enough secret",
                "roles", List.of(roles)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    @Test
    void createUserAnswers201WithLocationAndNeverTheHash() {
        HttpResponse<String> r = api.post("/users", body("username", "alice", "password", "correct horse battery",
                "roles", List.of("ops", "billing")));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode user = json(r);
        String id = user.path("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/v1/users/" + id);
        assertThat(user.path("username").asText()).isEqualTo("alice");
        assertThat(user.path("roles").toString()).isEqualTo("[\"billing\",\"ops\"]");
        assertThat(user.path("disabled").asBoolean()).isFalse();
        assertThat(user.path("has_password").asBoolean()).isTrue();
        assertThat(user.path("created_at").asText()).isNotEmpty();
        assertThat(r.body()).doesNotContain("argon2").doesNotContain("hash").doesNotContain("correct horse");

        HttpResponse<String> read = api.get("/users/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(user);
        assertThat(issuer.services().users().find(id)).hasValueSatisfying(
                u -> assertThat(issuer.services().passwordHasher().verify("correct horse battery", u.passwordHash())).isTrue());
    }

    @Test
    void createUserWithoutPasswordOrRolesHasNeither() {
        HttpResponse<String> r = api.post("/users", body("username", "nopassword"));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("has_password").asBoolean()).isFalse();
        assertThat(json(r).path("roles").size()).isZero();
    }

    @Test
    void createUserWhenUsernameTakenThen409() {
        createUser("taken");

        assertProblem(api.post("/users", body("username", "taken", "password", "another password")), 409);
    }

    @Test
    void createUserWhenUsernameInvalidThen400NamingIt() {
        assertInvalidField(api.post("/users", body("username", "has space")), "username");
    }

    @Test
    void createUserWhenUsernameMissingThen400NamingIt() {
        assertInvalidField(api.post("/users", body("password", "long enough secret")), "username");
    }

    @Test
    void createUserWhenPasswordTooShortThen400NamingIt() {
        assertInvalidField(api.post("/users", body("username", "shortpw", "password", "short")), "password");
        assertThat(issuer.services().stores().users().findByUsername("shortpw")).isEmpty();
    }

    @Test
    void createUserWhenRoleInvalidThen400NamingRoles() {
        assertInvalidField(api.post("/users", body("username", "badrole", "roles", List.of("has space"))), "roles");
    }

    @Test
    void createUserWhenRoleIsNullThen400NamingTheElement() {
        assertInvalidField(api.post("/users", "{\"username\":\"nullrole\",\"roles\":[\"ok\",null]}"), "roles[1]");
    }

    @Test
    void createUserWhenJsonMalformedThen400() {
        JsonNode problem = assertProblem(api.post("/users", "{\"username\": \"bob\""), 400);
        assertThat(problem.path("detail").asText()).contains("malformed JSON");
    }

    @Test
    void createUserWhenBodyIsNotAnObjectThen400() {
        assertProblem(api.post("/users", "[\"bob\"]"), 400);
    }

    @Test
    void createUserWhenFieldHasWrongTypeThen400NamingIt() {
        assertInvalidField(api.post("/users", body("username", "wrongtype", "roles", "admin")), "roles");
        assertInvalidField(api.post("/users", body("username", 42)), "username");
        assertInvalidField(api.post("/users", body("username", "wrongtype", "roles", List.of(1))), "roles[0]");
    }

    @Test
    void createUserWhenUnknownFieldThen400NamingIt() {
        assertInvalidField(api.post("/users", body("username", "unknownfield", "is_admin", true)), "is_admin");
        assertThat(issuer.services().stores().users().findByUsername("unknownfield")).isEmpty();
    }

    @Test
    void createUserWhenKeyRepeatedThen400() {
        assertProblem(api.post("/users", "{\"username\":\"a\",\"username\":\"b\"}"), 400);
    }

    @Test
    void createUserWhenBodyEmptyThen400() {
        assertProblem(api.post("/users", ""), 400);
    }

    @Test
    void createUserWhenContentTypeIsNotJsonThen415() {
        assertProblem(api.send("POST", "/users", "text/plain", body("username", "plain")), 415);
        assertProblem(api.send("POST", "/users", null, body("username", "untyped")), 415);
        assertThat(issuer.services().stores().users().findByUsername("plain")).isEmpty();
    }

    @Test
    void createUserWhenBodyTooLargeThen413() {
        String padding = "x".repeat((int) issuer.config().maxBodyBytes());

        assertProblem(api.post("/users", body("username", "large", "password", padding)), 413);
    }

    @Test
    void createUserAcceptsJsonWithCharset() {
        HttpResponse<String> r = api.send("POST", "/users", "application/json; charset=utf-8", body("username", "charset"));
        assertThat(r.statusCode()).isEqualTo(201);
    }

    @Test
    void listUsersPagesInUsernameOrderWithTotal() {
        for (String name : List.of("page-c", "page-a", "page-b")) {
            createUser(name);
        }

        JsonNode first = json(api.get("/users?search=page-&limit=2"));
        JsonNode second = json(api.get("/users?search=page-&limit=2&offset=2"));

        assertThat(first.path("total").asLong()).isEqualTo(3);
        assertThat(first.path("offset").asInt()).isZero();
        assertThat(first.path("limit").asInt()).isEqualTo(2);
        assertThat(usernames(first)).containsExactly("page-a", "page-b");
        assertThat(usernames(second)).containsExactly("page-c");
        assertThat(second.path("offset").asInt()).isEqualTo(2);
        assertThat(first.toString()).doesNotContain("argon2");
    }

    @Test
    void listUsersWithoutParamsUsesDefaultLimit() {
        JsonNode page = json(api.get("/users"));

        assertThat(page.path("limit").asInt()).isEqualTo(50);
        assertThat(page.path("offset").asInt()).isZero();
        assertThat(page.path("items").size()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=201", "limit=abc", "limit=1.5", "offset=-1", "offset=x"})
    void listUsersWhenPagingParamInvalidThen400NamingIt(String query) {
        assertInvalidField(api.get("/users?" + query), query.substring(0, query.indexOf('=')));
    }

    @Test
    void getUserWhenUnknownThen404() {
        assertProblem(api.get("/users/no-such-user"), 404);
    }

    @Test
    void disableUserEndsTheirTokensAndRefresh() throws Exception {
        User user = issuer.createUser("tobedisabled", "long enough secret", Set.of());
        TokenResult tokens = AdminApi.login(issuer, user);
        issuer.services().verifier().verify(tokens.accessToken().value());

        HttpResponse<String> r = api.post("/users/" + user.id() + "/disable");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("disabled").asBoolean()).isTrue();
        assertThat(json(api.get("/users/" + user.id()))).isEqualTo(json(r));
        assertThatThrownBy(() -> issuer.services().verifier().verify(tokens.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(issuer.services().stores().refreshTokens()
                .findActive(Secrets.sha256(tokens.refreshToken()), issuer.clock().instant())).isEmpty();
        assertThat(issuer.services().users().find(user.id())).hasValueSatisfying(u -> assertThat(u.disabled()).isTrue());
    }

    @Test
    void enableUserClearsDisabled() {
        String id = createUser("reenabled");
        api.post("/users/" + id + "/disable");

        HttpResponse<String> r = api.post("/users/" + id + "/enable");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("disabled").asBoolean()).isFalse();
        assertThat(json(api.get("/users/" + id)).path("disabled").asBoolean()).isFalse();
    }

    @Test
    void disableOrEnableWhenUnknownThen404() {
        assertProblem(api.post("/users/no-such-user/disable"), 404);
        assertProblem(api.post("/users/no-such-user/enable"), 404);
    }

    @Test
    void setPasswordReplacesItAndEndsSessions() throws Exception {
        User user = issuer.createUser("newpassword", "the old password", Set.of());
        TokenResult tokens = AdminApi.login(issuer, user);

        HttpResponse<String> r = api.put("/users/" + user.id() + "/password", body("password", "the new password"));

        assertThat(r.statusCode()).isEqualTo(204);
        String hash = issuer.services().users().find(user.id()).orElseThrow().passwordHash();
        assertThat(issuer.services().passwordHasher().verify("the new password", hash)).isTrue();
        assertThat(issuer.services().passwordHasher().verify("the old password", hash)).isFalse();
        assertThatThrownBy(() -> issuer.services().verifier().verify(tokens.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void setPasswordWhenTooShortOrMissingThen400() {
        String id = createUser("badpassword");

        assertInvalidField(api.put("/users/" + id + "/password", body("password", "short")), "password");
        assertInvalidField(api.put("/users/" + id + "/password", "{}"), "password");
    }

    @Test
    void setPasswordWhenUnknownUserThen404() {
        assertProblem(api.put("/users/no-such-user/password", body("password", "long enough secret")), 404);
    }

    @Test
    void setPasswordWhenContentTypeIsNotJsonThen415() {
        String id = createUser("formpassword");
        assertProblem(api.send("PUT", "/users/" + id + "/password", "application/x-www-form-urlencoded",
                "password=long+enough+secret"), 415);
    }

    @Test
    void setRolesReplacesThem() {
        String id = createUser("roles", "old");

        HttpResponse<String> r = api.put("/users/" + id + "/roles", body("roles", List.of("viewer", "editor")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("roles").toString()).isEqualTo("[\"editor\",\"viewer\"]");
        assertThat(json(api.get("/users/" + id))).isEqualTo(json(r));
        assertThat(issuer.services().users().find(id).orElseThrow().roles()).containsExactlyInAnyOrder("viewer", "editor");
    }

    @Test
    void setRolesWhenInvalidThen400() {
        String id = createUser("badroles");

        assertInvalidField(api.put("/users/" + id + "/roles", body("roles", List.of("white space"))), "roles");
        assertInvalidField(api.put("/users/" + id + "/roles", "{}"), "roles");
        assertInvalidField(api.put("/users/" + id + "/roles", body("roles", "admin")), "roles");
        assertThat(issuer.services().users().find(id).orElseThrow().roles()).isEmpty();
    }

    @Test
    void setRolesWhenUnknownUserThen404() {
        assertProblem(api.put("/users/no-such-user/roles", body("roles", List.of("viewer"))), 404);
    }

    @Test
    void deleteUserRemovesThemAndEndsTheirTokens() {
        User user = issuer.createUser("deleted", "long enough secret", Set.of());
        TokenResult tokens = AdminApi.login(issuer, user);

        HttpResponse<String> r = api.delete("/users/" + user.id());

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertProblem(api.get("/users/" + user.id()), 404);
        assertThatThrownBy(() -> issuer.services().verifier().verify(tokens.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void deleteUserWhenUnknownThen404() {
        assertProblem(api.delete("/users/no-such-user"), 404);
    }

    @Test
    void answersAreNotCacheable() {
        assertThat(api.get("/users").headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private static List<String> usernames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("items").forEach(u -> names.add(u.path("username").asText()));
        return names;
    }
}

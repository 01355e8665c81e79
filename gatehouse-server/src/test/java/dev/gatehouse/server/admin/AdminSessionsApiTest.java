package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.json;
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

class AdminSessionsApiTest extends SharedIssuerAdminTest {
    @Test
    void listSessionsShowsEveryLiveSessionOfTheUser() {
        User user = issuer.createUser("twodevices", "long enough secret", Set.of());
        String first = sid(AdminApi.login(issuer, user));
        String second = sid(AdminApi.login(issuer, user));

        HttpResponse<String> r = api.get("/users/" + user.id() + "/sessions");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode items = json(r).path("items");
        assertThat(ids(items)).containsExactlyInAnyOrder(first, second);
        JsonNode session = items.get(0);
        assertThat(session.path("client_id").asText()).isEqualTo("gatehouse");
        assertThat(session.path("ip_address").asText()).isEqualTo("192.0.2.10");
        assertThat(session.path("user_agent").asText()).isEqualTo("admin-test/1.0");
        for (String field : List.of("created_at", "last_used_at", "expires_at")) {
            assertThat(session.path(field).asText()).as(field).isNotEmpty();
        }
    }

    @Test
    void listSessionsOfUserWithoutSessionsIsEmpty() {
        User user = issuer.createUser("nosessions", "long enough secret", Set.of());

        assertThat(json(api.get("/users/" + user.id() + "/sessions")).path("items").size()).isZero();
    }

    @Test
    void listSessionsWhenUserUnknownThen404() {
        assertProblem(api.get("/users/no-such-user/sessions"), 404);
    }

    @Test
    void revokeSessionEndsItsTokensAndLeavesOthers() throws Exception {
        User user = issuer.createUser("revokeone", "long enough secret", Set.of());
        TokenResult revoked = AdminApi.login(issuer, user);
        TokenResult kept = AdminApi.login(issuer, user);

        HttpResponse<String> r = api.delete("/sessions/" + sid(revoked));

        assertThat(r.statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> issuer.services().verifier().verify(revoked.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(issuer.services().stores().refreshTokens()
                .findActive(Secrets.sha256(revoked.refreshToken()), issuer.clock().instant())).isEmpty();
        issuer.services().verifier().verify(kept.accessToken().value());
        assertThat(ids(json(api.get("/users/" + user.id() + "/sessions")).path("items"))).containsExactly(sid(kept));
    }

    @Test
    void revokeSessionAlreadyRevokedIsNoError() {
        User user = issuer.createUser("revoketwice", "long enough secret", Set.of());
        String sid = sid(AdminApi.login(issuer, user));
        api.delete("/sessions/" + sid);

        assertThat(api.delete("/sessions/" + sid).statusCode()).isEqualTo(204);
    }

    @Test
    void revokeSessionWhenUnknownThen404() {
        assertProblem(api.delete("/sessions/no-such-session"), 404);
    }

    @Test
    void revokeAllSessionsOfUserEndsEveryToken() {
        User user = issuer.createUser("revokeall", "long enough secret", Set.of());
        TokenResult first = AdminApi.login(issuer, user);
        TokenResult second = AdminApi.login(issuer, user);

        HttpResponse<String> r = api.delete("/users/" + user.id() + "/sessions");

        assertThat(r.statusCode()).isEqualTo(204);
        for (TokenResult t : List.of(first, second)) {
            assertThatThrownBy(() -> issuer.services().verifier().verify(t.accessToken().value()))
                    .isInstanceOf(InvalidTokenException.class);
            assertThat(issuer.services().stores().refreshTokens()
                    .findActive(Secrets.sha256(t.refreshToken()), issuer.clock().instant())).isEmpty();
        }
        assertThat(json(api.get("/users/" + user.id() + "/sessions")).path("items").size()).isZero();
    }

    @Test
    void revokeAllSessionsWhenUserUnknownThen404() {
        assertProblem(api.delete("/users/no-such-user/sessions"), 404);
    }

    private static String sid(TokenResult tokens) {
        try {
            return issuer.services().verifier().verify(tokens.accessToken().value()).sid();
        } catch (InvalidTokenException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }
}

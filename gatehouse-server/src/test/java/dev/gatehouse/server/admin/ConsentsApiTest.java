package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.consent.Consent;
import dev.gatehouse.core.consent.Consents;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Remembered consents through the user's own API ({@code /api/v1/me/consents}) and the admin API
 * ({@code /admin/v1/users/{id}/consents}), on the real consent store.
 */
class ConsentsApiTest extends SharedIssuerAdminTest {
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final Instant GRANTED = Instant.parse("2030-01-02T03:04:05Z");

    @BeforeAll
    static void registerClients() {
        for (String id : List.of("photos", "calendar")) {
            issuer.register(TestClients.confidential(id).grant(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
                    .redirectUri("https://" + id + ".test/cb").scope("openid", "profile", "email").name(id + " app").build());
        }
    }

    /** A user who allowed both clients, each holding a refresh token of the user. */
    private record Fixture(User user, AdminApi self, String photosRefresh, String calendarRefresh) {}

    private static Fixture userWithConsents() {
        User user = issuer.createUser("consenting" + USERS.incrementAndGet(), "long enough secret", Set.of());
        issuer.services().stores().consents().save(new Consent(user.id(), "photos", Set.of("openid", "profile"), GRANTED));
        issuer.services().stores().consents().save(new Consent(user.id(), "calendar", Set.of("openid", "email"), GRANTED));
        return new Fixture(user, AdminApi.withToken(issuer, AdminApi.login(issuer, user).accessToken().value()),
                refreshTokenAt("photos", user), refreshTokenAt("calendar", user));
    }

    private static String refreshTokenAt(String clientId, User user) {
        OAuthClient client = issuer.services().clients().find(clientId).orElseThrow();
        return issuer.services().sessionTokens().login(user, client, null, List.of(), "192.0.2.30", "consent-test",
                "test").refreshToken();
    }

    private static boolean live(String refreshToken) {
        return issuer.services().stores().refreshTokens().findActive(Secrets.sha256(refreshToken),
                issuer.services().clock().instant()).isPresent();
    }

    private static List<AuditEvent> revocationsOf(User user) {
        return issuer.services().stores().audit().query(new AuditQuery(null, null, user.id(), Consents.REVOKED, 100));
    }

    @Test
    void userListsOwnConsentsByClientWithNameScopesAndTime() {
        Fixture f = userWithConsents();

        HttpResponse<String> r = f.self().get(Endpoints.MY_CONSENTS);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode items = json(r).path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("client_id").asText()).isEqualTo("calendar");
        assertThat(items.get(0).path("client_name").asText()).isEqualTo("calendar app");
        assertThat(items.get(0).path("scopes").toString()).isEqualTo("[\"email\",\"openid\"]");
        assertThat(items.get(0).path("granted_at").asText()).isEqualTo("2030-01-02T03:04:05Z");
        assertThat(items.get(1).path("client_id").asText()).isEqualTo("photos");
    }

    @Test
    void userRevokesOneConsentAndThatClientsRefreshTokensOnly() {
        Fixture f = userWithConsents();
        Fixture other = userWithConsents();

        HttpResponse<String> r = f.self().delete(Endpoints.MY_CONSENTS + "/photos");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(issuer.services().stores().consents().find(f.user().id(), "photos")).isEmpty();
        assertThat(issuer.services().stores().consents().find(f.user().id(), "calendar")).isPresent();
        assertThat(issuer.services().stores().consents().find(other.user().id(), "photos")).isPresent();
        assertThat(live(f.photosRefresh())).isFalse();
        assertThat(live(f.calendarRefresh())).isTrue();
        assertThat(live(other.photosRefresh())).isTrue();
        assertThat(revocationsOf(f.user())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("user:" + f.user().id());
            assertThat(e.clientId()).isEqualTo("photos");
        });
        assertProblem(f.self().delete(Endpoints.MY_CONSENTS + "/photos"), 404);
    }

    @Test
    void myConsentsNeedAUsersTokenForThisIssuer() {
        assertThat(AdminApi.anonymous(issuer).get(Endpoints.MY_CONSENTS).headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"gatehouse\"");
        assertProblem(AdminApi.anonymous(issuer).get(Endpoints.MY_CONSENTS), 401);
        assertProblem(AdminApi.withToken(issuer, "not-a-token").get(Endpoints.MY_CONSENTS), 401);
        assertProblem(AdminApi.withToken(issuer, "not-a-token").delete(Endpoints.MY_CONSENTS + "/photos"), 401);

        // a user's token meant for another audience does not speak to the issuer
        Fixture f = userWithConsents();
        OAuthClient photos = issuer.services().clients().find("photos").orElseThrow();
        String elsewhere = issuer.services().sessionTokens().login(f.user(), photos, null, List.of(), "192.0.2.31",
                "consent-test", "test").accessToken().value();
        assertProblem(AdminApi.withToken(issuer, elsewhere).get(Endpoints.MY_CONSENTS), 403);
        assertProblem(AdminApi.withToken(issuer, elsewhere).delete(Endpoints.MY_CONSENTS + "/photos"), 403);
        assertThat(issuer.services().stores().consents().find(f.user().id(), "photos")).isPresent();
    }

    @Test
    void adminListsReadsAndRevokesAUsersConsents() {
        Fixture f = userWithConsents();
        String base = "/users/" + f.user().id() + "/consents";

        JsonNode listed = json(api.get(base));
        assertThat(listed.path("items")).hasSize(2);
        JsonNode one = json(api.get(base + "/photos"));
        assertThat(one).isEqualTo(listed.path("items").get(1));
        assertProblem(api.get(base + "/nobody"), 404);

        assertThat(api.delete(base + "/photos").statusCode()).isEqualTo(204);

        assertThat(live(f.photosRefresh())).isFalse();
        assertThat(live(f.calendarRefresh())).isTrue();
        assertProblem(api.get(base + "/photos"), 404);
        assertProblem(api.delete(base + "/photos"), 404);
        assertThat(revocationsOf(f.user())).singleElement()
                .satisfies(e -> assertThat(e.actor()).startsWith("admin:"));
    }

    @Test
    void consentAnswersCarryTheFieldsTheOpenApiDocumentDescribes() {
        Fixture f = userWithConsents();
        Map<String, Object> document = new Yaml().load(AdminApi.anonymous(issuer).get(Endpoints.OPENAPI).body());
        Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) document.get("components")).get("schemas");
        Map<?, ?> consent = (Map<?, ?>) schemas.get("Consent");
        Set<?> documented = ((Map<?, ?>) consent.get("properties")).keySet();

        List<JsonNode> answers = List.of(json(f.self().get(Endpoints.MY_CONSENTS)).path("items").get(0),
                json(api.get("/users/" + f.user().id() + "/consents")).path("items").get(0),
                json(api.get("/users/" + f.user().id() + "/consents/photos")));
        for (JsonNode answer : answers) {
            List<String> fields = new java.util.ArrayList<>();
            answer.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isSubsetOf(documented.stream().map(Object::toString).toList())
                    .containsAll(((List<?>) consent.get("required")).stream().map(Object::toString).toList());
        }
    }

    @Test
    void adminRevokesEveryConsentOfAUser() {
        Fixture f = userWithConsents();
        String base = "/users/" + f.user().id() + "/consents";

        assertThat(api.delete(base).statusCode()).isEqualTo(204);

        assertThat(json(api.get(base)).path("items")).isEmpty();
        assertThat(live(f.photosRefresh())).isFalse();
        assertThat(live(f.calendarRefresh())).isFalse();
        assertThat(revocationsOf(f.user())).hasSize(2);
        assertThat(api.delete(base).statusCode()).isEqualTo(204);
    }

    @Test
    void adminConsentRoutesNameAnUnknownUserAndRefuseNonAdmins() {
        assertProblem(api.get("/users/no-such-user/consents"), 404);
        assertProblem(api.delete("/users/no-such-user/consents/photos"), 404);
        Fixture f = userWithConsents();

        assertProblem(f.self().get("/users/" + f.user().id() + "/consents"), 403);
        assertProblem(f.self().delete("/users/" + f.user().id() + "/consents/photos"), 403);
        assertThat(issuer.services().stores().consents().find(f.user().id(), "photos")).isPresent();
    }
}

package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserProfile;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminUserProfileApiTest extends SharedIssuerAdminTest {
    static final String FULL = """
            {"name": "Alice Q. Liddell", "given_name": "Alice", "family_name": "Liddell", "middle_name": "Quinn",
             "nickname": "Al", "preferred_username": "alice.l", "profile": "https://example.com/alice",
             "picture": "https://example.com/alice.png", "website": "http://alice.example",
             "email": "alice@example.com", "email_verified": true, "gender": "female", "birthdate": "1852-05-04",
             "zoneinfo": "Europe/London", "locale": "en-GB", "phone_number": "+44 20 7946 0958",
             "phone_number_verified": false,
             "address": {"formatted": "1 Oxford Road\\nOxford", "street_address": "1 Oxford Road", "locality": "Oxford",
                         "region": "Oxfordshire", "postal_code": "OX1 1AA", "country": "GB"}}""";

    @Test
    void createWithEveryClaimShowsThemAndStoresThem() throws Exception {
        HttpResponse<String> created = api.post("/users", withUsername("alice-full", FULL));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode user = json(created);
        JsonNode expected = AdminApi.JSON.readTree(FULL);
        expected.fieldNames().forEachRemaining(claim ->
                assertThat(user.get(claim)).as(claim).isEqualTo(expected.get(claim)));
        assertThat(json(api.get("/users/" + user.path("id").asText()))).isEqualTo(user);
        UserProfile stored = issuer.services().users().find(user.path("id").asText()).orElseThrow().profile();
        assertThat(stored.email()).isEqualTo("alice@example.com");
        assertThat(stored.address().streetAddress()).isEqualTo("1 Oxford Road");
        assertThat(stored.emailVerified()).isTrue();
    }

    @Test
    void userWithoutProfileShowsNoClaimFieldsNotEvenNull() {
        JsonNode user = json(api.post("/users", "{\"username\": \"bare\"}"));

        List<String> fields = new ArrayList<>();
        user.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "username", "disabled", "has_password", "roles", "created_at",
                "updated_at");
    }

    @Test
    void patchChangesOnlyWhatItNamesAndNullClears() {
        String id = json(api.post("/users", withUsername("alice-patch", FULL))).path("id").asText();

        HttpResponse<String> patched = api.send("PATCH", "/users/" + id, "application/merge-patch+json", """
                {"email": "alice@example.org", "email_verified": false, "nickname": null,
                 "address": {"locality": "Cambridge", "region": null}}""");

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode user = json(patched);
        assertThat(user.path("email").asText()).isEqualTo("alice@example.org");
        assertThat(user.path("email_verified").asBoolean(true)).isFalse();
        assertThat(user.has("nickname")).isFalse();
        assertThat(user.path("name").asText()).isEqualTo("Alice Q. Liddell");
        assertThat(user.path("address").toString()).isEqualTo("{\"formatted\":\"1 Oxford Road\\nOxford\","
                + "\"street_address\":\"1 Oxford Road\",\"locality\":\"Cambridge\",\"postal_code\":\"OX1 1AA\","
                + "\"country\":\"GB\"}");
        assertThat(json(api.get("/users/" + id))).isEqualTo(user);
    }

    @Test
    void patchWithAddressNullClearsTheWholeAddressAndEmptyPatchChangesNothing() {
        String id = json(api.post("/users", withUsername("alice-address", FULL))).path("id").asText();
        JsonNode before = json(api.get("/users/" + id));

        JsonNode unchanged = json(api.send("PATCH", "/users/" + id, "application/json", "{}"));
        JsonNode cleared = json(api.send("PATCH", "/users/" + id, "application/json", "{\"address\": null}"));

        assertThat(unchanged).isEqualTo(before);
        assertThat(cleared.has("address")).isFalse();
        assertThat(cleared.path("email").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void patchOfAnythingButProfileClaimsIsRefusedNamingTheField() {
        String id = json(api.post("/users", "{\"username\": \"alice-other\"}")).path("id").asText();

        for (String field : List.of("username", "roles", "disabled", "password", "sub", "updated_at", "nick")) {
            assertInvalidField(api.send("PATCH", "/users/" + id, "application/json",
                    "{\"" + field + "\": \"x\", \"name\": \"Alice\"}"), field);
        }
        assertInvalidField(api.send("PATCH", "/users/" + id, "application/json",
                "{\"address\": {\"city\": \"Oxford\"}}"), "address.city");
        assertThat(issuer.services().users().find(id).orElseThrow().profile()).isEqualTo(UserProfile.EMPTY);
    }

    @Test
    void invalidValuesAreRefusedNamingTheClaimAndNothingChanges() {
        String id = json(api.post("/users", withUsername("alice-invalid", FULL))).path("id").asText();
        User before = issuer.services().users().find(id).orElseThrow();

        assertInvalidField(patch(id, "{\"email\": \"not an address\"}"), "email");
        assertInvalidField(patch(id, "{\"email_verified\": \"yes\"}"), "email_verified");
        assertInvalidField(patch(id, "{\"name\": 42}"), "name");
        assertInvalidField(patch(id, "{\"phone_number\": \"555-0100\"}"), "phone_number");
        assertInvalidField(patch(id, "{\"birthdate\": \"1852-02-30\"}"), "birthdate");
        assertInvalidField(patch(id, "{\"zoneinfo\": \"Mars/Olympus\"}"), "zoneinfo");
        assertInvalidField(patch(id, "{\"locale\": \"en_GB\"}"), "locale");
        assertInvalidField(patch(id, "{\"website\": \"javascript:alert(1)\"}"), "website");
        assertInvalidField(patch(id, "{\"address\": \"1 Oxford Road\"}"), "address");
        assertInvalidField(patch(id, "{\"address\": {\"locality\": \"x\\ny\"}}"), "address.locality");
        assertInvalidField(patch(id, "{\"name\": \"" + "n".repeat(201) + "\"}"), "name");
        assertInvalidField(api.post("/users", "{\"username\": \"bad-email\", \"email\": \"nope\"}"), "email");
        assertThat(issuer.services().users().find(id)).contains(before);
        assertThat(issuer.services().users().list("bad-email", 0, 10).items()).isEmpty();
    }

    @Test
    void patchOfAnUnknownUserIs404AndABodyOfAnotherTypeIs415() {
        assertProblem(patch("no-such-user", "{\"name\": \"N\"}"), 404);
        String id = json(api.post("/users", "{\"username\": \"alice-415\"}")).path("id").asText();
        assertProblem(api.send("PATCH", "/users/" + id, "text/plain", "{\"name\": \"N\"}"), 415);
        assertProblem(api.send("PATCH", "/users/" + id, "application/json", "[]"), 400);
    }

    @Test
    void profileChangeIsAuditedByClaimNameWithoutValues() {
        String id = json(api.post("/users", "{\"username\": \"alice-audit\"}")).path("id").asText();

        patch(id, "{\"email\": \"secret-ish@example.com\"}");

        JsonNode events = json(api.get("/audit?subject=" + id)).path("items");
        assertThat(events.toString()).contains("user.profile_updated").contains("email")
                .doesNotContain("secret-ish@example.com");
    }

    private static HttpResponse<String> patch(String id, String json) {
        return api.send("PATCH", "/users/" + id, "application/merge-patch+json", json);
    }

    private static String withUsername(String username, String claims) {
        return "{\"username\": \"" + username + "\", " + claims.strip().substring(1);
    }
}

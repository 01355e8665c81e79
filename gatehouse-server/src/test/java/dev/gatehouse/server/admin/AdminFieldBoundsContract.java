package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.user.ProfileBounds;
import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every list and text a user or client stores has a bound checked before storage: over it, a 400 naming the
 * field and nothing stored; at it, with the longest values, stored and read back whole. Run once per engine,
 * so the bounds are shown to fit the real columns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminFieldBoundsContract {
    private TestIssuer issuer;
    private AdminApi api;

    abstract TestIssuer startIssuer();

    void afterIssuer() {}

    @BeforeAll
    void start() {
        issuer = startIssuer();
        api = AdminApi.asNewAdmin(issuer);
    }

    @AfterAll
    void stop() {
        issuer.close();
        afterIssuer();
    }

    @Test
    void userWithAThousandRolesIsRefusedNamingRolesAndNotStored() {
        assertInvalidField(api.post("/users", body("username", "crowded", "roles", words("r", 1000, 8))), "roles");

        assertThat(json(api.get("/users?search=crowded")).path("total").asInt()).isZero();
    }

    @Test
    void settingAThousandRolesIsRefusedNamingRolesAndTheRolesStay() {
        String id = created(api.post("/users", body("username", "steady", "roles", List.of("reader")))).path("id").asText();

        assertInvalidField(api.put("/users/" + id + "/roles", body("roles", words("r", 1000, 8))), "roles");

        assertThat(json(api.get("/users/" + id)).path("roles").toString()).isEqualTo("[\"reader\"]");
    }

    @Test
    void userAtEveryBoundIsStoredAndReadBackWhole() {
        String username = "u".repeat(FieldBounds.USERNAME_MAX);
        List<String> roles = words("r", FieldBounds.ROLES_MAX, FieldBounds.ROLE_MAX);

        JsonNode created = created(api.post("/users", body("username", username,
                "password", "p".repeat(FieldBounds.PASSWORD_MAX), "roles", roles)));

        JsonNode read = json(api.get("/users/" + created.path("id").asText()));
        assertThat(read.path("username").asText()).isEqualTo(username);
        assertThat(texts(read.path("roles"))).isEqualTo(roles);
    }

    @Test
    void profileAtEveryBoundIsStoredAndReadBackWhole() {
        String text = "é".repeat(ProfileBounds.TEXT_MAX);
        String url = "https://example.com/" + "p".repeat(ProfileBounds.URL_MAX - 20);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("formatted", "line\n".repeat(ProfileBounds.ADDRESS_LINES_MAX / 5 - 1) + "last.");
        address.put("street_address", "s".repeat(ProfileBounds.ADDRESS_LINES_MAX));
        address.put("locality", text);
        address.put("region", text);
        address.put("postal_code", "9".repeat(ProfileBounds.POSTAL_CODE_MAX));
        address.put("country", text);
        Map<String, Object> claims = new LinkedHashMap<>();
        for (String claim : List.of("name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
                "gender")) {
            claims.put(claim, text);
        }
        for (String claim : List.of("profile", "picture", "website")) {
            claims.put(claim, url);
        }
        claims.put("email", "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61));
        claims.put("email_verified", true);
        claims.put("birthdate", "0000-02-29");
        claims.put("zoneinfo", "America/Argentina/ComodRivadavia");
        claims.put("locale", "sr-Latn-RS-u-ca-gregory-nu-latn-x-abcdefgh-abcdefgh-abcdefgh-abc");
        claims.put("phone_number", "+1" + " ".repeat(32) + " (604) 555-1234;ext=5678901234");
        claims.put("phone_number_verified", false);
        claims.put("address", address);
        List<Object> fields = new ArrayList<>(List.of("username", "profiled"));
        claims.forEach((claim, value) -> fields.addAll(List.of(claim, value)));

        JsonNode created = created(api.post("/users", body(fields.toArray())));

        JsonNode read = json(api.get("/users/" + created.path("id").asText()));
        JsonNode expected = AdminApi.JSON.valueToTree(claims);
        expected.fieldNames().forEachRemaining(claim -> assertThat(read.get(claim)).as(claim).isEqualTo(expected.get(claim)));
        assertThat(((String) claims.get("email")).length()).isEqualTo(ProfileBounds.EMAIL_MAX);
        assertThat(((String) claims.get("locale")).length()).isEqualTo(ProfileBounds.LOCALE_MAX);
        assertThat(((String) claims.get("phone_number")).length()).isEqualTo(ProfileBounds.PHONE_MAX);
        assertThat(((String) address.get("formatted")).length()).isEqualTo(ProfileBounds.ADDRESS_LINES_MAX);
    }

    @Test
    void usernameOverItsBoundIsRefused() {
        assertInvalidField(api.post("/users", body("username", "u".repeat(FieldBounds.USERNAME_MAX + 1))), "username");
    }

    @Test
    void clientWithAThousandScopesAudiencesRolesOrRedirectUrisIsRefusedNamingTheListAndNotStored() {
        Map<String, List<String>> lists = Map.of(
                "scopes", words("s", 1000, 8),
                "audiences", words("https://api", 1000, 20),
                "roles", words("r", 1000, 8),
                "redirect_uris", words("https://app.test/cb", 1000, 24));
        lists.forEach((field, values) -> {
            Map<String, Object> request = confidential("crowded");
            request.put(field, values);

            assertInvalidField(api.post("/clients", AdminApi.JSON.valueToTree(request).toString()), field);
        });

        assertThat(issuer.services().clients().find("crowded")).isEmpty();
    }

    @Test
    void clientAtEveryBoundIsStoredAndReadBackWhole() {
        String id = "c".repeat(FieldBounds.CLIENT_ID_MAX);
        Map<String, Object> request = confidential(id);
        request.put("name", "n".repeat(FieldBounds.CLIENT_NAME_MAX));
        request.put("scopes", words("s", FieldBounds.SCOPES_MAX, FieldBounds.SCOPE_MAX));
        request.put("audiences", words("https://api", FieldBounds.AUDIENCES_MAX, FieldBounds.AUDIENCE_MAX));
        request.put("roles", words("r", FieldBounds.ROLES_MAX, FieldBounds.ROLE_MAX));
        request.put("redirect_uris", words("https://app.test/cb", FieldBounds.REDIRECT_URIS_MAX, FieldBounds.REDIRECT_URI_MAX));
        request.put("refresh_idle_ttl_seconds", FieldBounds.LIFETIME_MAX_SECONDS);
        request.put("refresh_absolute_ttl_seconds", FieldBounds.LIFETIME_MAX_SECONDS);

        created(api.post("/clients", AdminApi.JSON.valueToTree(request).toString()));

        JsonNode read = json(api.get("/clients/" + id));
        for (String list : List.of("scopes", "audiences", "roles", "redirect_uris")) {
            assertThat(texts(read.path(list))).as(list).isEqualTo(request.get(list));
        }
        assertThat(read.path("name").asText()).isEqualTo(request.get("name"));
        assertThat(read.path("refresh_absolute_ttl_seconds").asLong()).isEqualTo(FieldBounds.LIFETIME_MAX_SECONDS);
    }

    @Test
    void clientNameOverItsBoundIsRefused() {
        Map<String, Object> request = confidential("long-name");
        request.put("name", "n".repeat(FieldBounds.CLIENT_NAME_MAX + 1));

        assertInvalidField(api.post("/clients", AdminApi.JSON.valueToTree(request).toString()), "name");
    }

    private static Map<String, Object> confidential(String clientId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("client_id", clientId);
        request.put("auth_methods", List.of("client_secret_basic"));
        request.put("grant_types", List.of("client_credentials"));
        return request;
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    /** {@code count} distinct values of exactly {@code length} characters, sorted as the API lists them. */
    private static List<String> words(String prefix, int count, int length) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String head = prefix + String.format("%04d", i);
            words.add(head + "x".repeat(length - head.length()));
        }
        return words;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}

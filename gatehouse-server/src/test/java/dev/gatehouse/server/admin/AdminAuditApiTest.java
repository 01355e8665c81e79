package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAuditApiTest {
    @TempDir
    Path dataDir;
    TestIssuer issuer;
    AdminApi api;
    String adminSubject;

    @BeforeEach
    void start() throws InvalidTokenException {
        issuer = TestIssuer.start(dataDir);
        api = AdminApi.asNewAdmin(issuer);
        adminSubject = issuer.services().verifier().verify(api.token()).subject();
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void auditFindsWhatAdminsDidByTypeAndSubject() {
        String id = createUser("audited");
        api.post("/users/" + id + "/disable");

        HttpResponse<String> r = api.get("/audit?type=user.disabled&subject=" + id);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode items = json(r).path("items");
        assertThat(items.size()).isEqualTo(1);
        JsonNode event = items.get(0);
        assertThat(event.path("type").asText()).isEqualTo("user.disabled");
        assertThat(event.path("subject").asText()).isEqualTo(id);
        assertThat(event.path("actor").asText()).isEqualTo("admin:" + adminSubject);
        assertThat(types(json(api.get("/audit?subject=" + id))))
                .contains("user.created", "user.disabled", "revocation.user_disabled");
    }

    @Test
    void auditFindsClientEventsByType() {
        api.post("/clients", body("client_id", "audited-client", "auth_methods", List.of("client_secret_basic"),
                "grant_types", List.of("client_credentials")));
        api.post("/clients/audited-client/secret");
        api.delete("/clients/audited-client");

        assertThat(clientIds(json(api.get("/audit?type=client.secret_rotated")))).containsExactly("audited-client");
        assertThat(clientIds(json(api.get("/audit?type=revocation.client_deleted")))).containsExactly("audited-client");
    }

    @Test
    void auditListsNewestFirstWithinATimeRange() {
        Instant t0 = issuer.clock().instant();
        String id = createUser("timeline");
        issuer.clock().advance(Duration.ofMinutes(1));
        Instant t1 = issuer.clock().instant();
        api.put("/users/" + id + "/roles", body("roles", List.of("ops")));
        issuer.clock().advance(Duration.ofMinutes(1));
        Instant t2 = issuer.clock().instant();
        api.post("/users/" + id + "/disable");

        List<String> all = types(json(api.get("/audit?subject=" + id)));
        assertThat(all.indexOf("user.disabled")).isLessThan(all.indexOf("user.roles_set"));
        assertThat(all.indexOf("user.roles_set")).isLessThan(all.indexOf("user.created"));
        List<Instant> times = new ArrayList<>();
        json(api.get("/audit?subject=" + id)).path("items").forEach(e -> times.add(Instant.parse(e.path("at").asText())));
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));

        assertThat(types(json(api.get("/audit?subject=" + id + "&from=" + q(t1.minusSeconds(30)) + "&to=" + q(t1.plusSeconds(30))))))
                .containsExactly("user.roles_set");
        assertThat(types(json(api.get("/audit?subject=" + id + "&to=" + q(t0.plusSeconds(30)))))).containsExactly("user.created");
        assertThat(types(json(api.get("/audit?subject=" + id + "&from=" + q(t2.minusSeconds(30))))))
                .containsExactlyInAnyOrder("user.disabled", "revocation.user_disabled");
    }

    @Test
    void auditLimitCapsTheNumberOfEvents() {
        createUser("one");
        createUser("two");
        createUser("three");

        JsonNode page = json(api.get("/audit?type=user.created&limit=2"));

        assertThat(page.path("items").size()).isEqualTo(2);
        assertThat(json(api.get("/audit?type=user.created")).path("items").size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void auditWithoutMatchesIsEmpty() {
        assertThat(json(api.get("/audit?type=no.such.type")).path("items").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=yesterday", "to=2024-13-01T00:00:00Z", "from=1700000000", "limit=0",
            "limit=1001", "limit=ten"})
    void auditWhenParamInvalidThen400NamingIt(String query) {
        assertInvalidField(api.get("/audit?" + query), query.substring(0, query.indexOf('=')));
    }

    @Test
    void auditWhenFromAfterToThen400() {
        assertInvalidField(api.get("/audit?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z"), "from");
    }

    private String createUser(String username) {
        HttpResponse<String> r = api.post("/users", body("username", username));
        assertThat(r.statusCode()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    private static String q(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    private static List<String> types(JsonNode list) {
        List<String> types = new ArrayList<>();
        list.path("items").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static List<String> clientIds(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("items").forEach(e -> ids.add(e.path("client_id").asText()));
        return ids;
    }
}

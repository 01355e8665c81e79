package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.AdminApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.ProfileBounds;
import dev.gatehouse.core.user.UserProfile;
import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    /** One operation of the document: method in lower case, path below the server URL. */
    record Operation(String method, String path, Map<String, Object> spec) {}

    @TempDir
    static Path dataDir;
    static TestIssuer issuer;
    static AdminApi api;
    static HttpResponse<String> served;
    static Map<String, Object> document;

    @BeforeAll
    static void start() {
        issuer = TestIssuer.start(dataDir);
        api = AdminApi.asNewAdmin(issuer);
        served = AdminApi.anonymous(issuer).get(Endpoints.OPENAPI);
        document = new Yaml().load(served.body());
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void documentIsServedAsOpenApi31YamlWithBearerSecurity() {
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/yaml"));
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        assertThat(map(map(map(document, "components"), "securitySchemes"), "bearer"))
                .containsEntry("type", "http").containsEntry("scheme", "bearer");
        assertThat(document.get("security")).isEqualTo(List.of(Map.of("bearer", List.of())));
        assertThat(serverUrl()).isEqualTo(Endpoints.ADMIN);
    }

    @Test
    void everyDocumentedOperationIsServed() {
        AdminApi anonymous = AdminApi.anonymous(issuer);
        for (Operation op : operations()) {
            String method = op.method().toUpperCase(Locale.ROOT);
            boolean hasBody = op.spec().containsKey("requestBody");
            HttpResponse<String> r = anonymous.send(method, serverUrl() + op.path().replaceAll("\\{[^}]+}", "x"),
                    hasBody ? "application/json" : null, hasBody ? "{}" : null);

            // Anonymous calls reach the admin handler, which answers 401; an unserved route would be 404 or 405.
            int expected = isPublic(op) ? 200 : 401;
            assertThat(r.statusCode()).as(method + " " + op.path()).isEqualTo(expected);
        }
    }

    @Test
    void everyRegisteredRouteIsDocumented() {
        Set<String> documented = new HashSet<>();
        operations().forEach(op -> documented.add(op.method() + " " + serverUrl() + op.path()));
        Set<String> registered = new HashSet<>();
        new AdminRoutes(issuer.services()).routes().forEach(
                r -> registered.add(r.method().name().toLowerCase(Locale.ROOT) + " " + r.path()));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
        for (AdminRoutes.Route route : new AdminRoutes(issuer.services()).routes()) {
            Operation op = operations().stream()
                    .filter(o -> (serverUrl() + o.path()).equals(route.path())
                            && o.method().equals(route.method().name().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow();
            assertThat(!isPublic(op)).as("security of " + route.path()).isEqualTo(route.authenticated());
        }
    }

    @Test
    void everyOperationDocumentsItsErrors() {
        for (Operation op : operations()) {
            Set<String> statuses = map(op.spec(), "responses").keySet();
            String name = op.method() + " " + op.path();
            assertThat(statuses).as(name).anyMatch(s -> s.startsWith("2"));
            if (!isPublic(op)) {
                assertThat(statuses).as(name).contains("401", "403");
            }
            if (op.spec().containsKey("requestBody")) {
                assertThat(statuses).as(name).contains("400", "415");
            }
            if (op.path().contains("{")) {
                assertThat(statuses).as(name).contains("404");
            }
            assertThat(op.spec().get("operationId")).as(name).isNotNull();
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            Object target = document;
            for (String part : ref.substring(2).split("/")) {
                assertThat(target).as(ref).isInstanceOf(Map.class);
                target = ((Map<?, ?>) target).get(part);
            }
            assertThat(target).as(ref).isNotNull();
        }
    }

    @Test
    void responsesCarryOnlyDocumentedFields() {
        HttpResponse<String> user = api.post("/users", body("username", "documented", "password", "long enough secret"));
        String userId = json(user).path("id").asText();
        User stored = issuer.services().users().find(userId).orElseThrow();
        AdminApi.login(issuer, stored);
        HttpResponse<String> client = api.post("/clients", body("client_id", "documented", "auth_methods",
                List.of("client_secret_basic"), "grant_types", List.of("client_credentials"), "access_token_ttl_seconds", 60,
                "refresh_idle_ttl_seconds", 60, "refresh_absolute_ttl_seconds", 120, "refresh_grace_period_seconds", 0,
                "signing_algorithm", "ES256",
                "redirect_uris", List.of("https://a.test/cb")));
        api.post("/keys/rotate");
        api.post("/users/" + userId + "/disable");

        assertFields(json(user), "User");
        assertFields(json(client), "Client");
        assertFields(json(api.get("/users")), "UserPage");
        assertFields(json(api.get("/users")).path("items").get(0), "User");
        assertFields(json(api.get("/clients")), "ClientList");
        json(api.get("/clients")).path("items").forEach(c -> assertFields(c, "Client"));
        assertFields(json(api.post("/clients/documented/secret")), "ClientSecret");
        assertFields(json(api.get("/keys")), "SigningKeyList");
        json(api.get("/keys")).path("items").forEach(k -> assertFields(k, "SigningKey"));
        assertFields(json(api.get("/audit")), "AuditEventList");
        json(api.get("/audit")).path("items").forEach(e -> assertFields(e, "AuditEvent"));
        assertFields(json(api.get("/users/no-such-user/sessions")), "Problem");
        User active = issuer.createUser("documented-active", "long enough secret", Set.of());
        AdminApi.login(issuer, active);
        JsonNode live = json(api.get("/users/" + active.id() + "/sessions"));
        assertFields(live, "SessionList");
        assertThat(live.path("items").size()).isEqualTo(1);
        assertFields(live.path("items").get(0), "Session");
        JsonNode withProfile = json(api.post("/users", AdminUserProfileApiTest.FULL.replaceFirst("\\{",
                "{\"username\": \"documented-profile\", ")));
        assertFields(withProfile, "User");
        assertFields(withProfile.path("address"), "Address");
        assertFields(json(api.send("PATCH", "/users/" + withProfile.path("id").asText(), "application/json",
                "{\"name\": null}")), "User");
        assertFields(json(api.post("/users", "{\"username\": 1}")), "Problem");
        assertFields(json(api.post("/users", "{\"username\": 1}")).path("errors").get(0), "FieldError");
    }

    @Test
    void documentedBoundsAreTheOnesCoreChecks() {
        Map<String, Object> schemas = map(map(document, "components"), "schemas");
        Map<String, Object> user = map(map(schemas, "CreateUser"), "properties");
        Map<String, Object> client = map(map(schemas, "CreateClient"), "properties");

        assertThat(map(user, "username")).containsEntry("maxLength", FieldBounds.USERNAME_MAX)
                .containsEntry("pattern", "^" + FieldBounds.USERNAME.pattern() + "$");
        assertThat(map(user, "password")).containsEntry("minLength", FieldBounds.PASSWORD_MIN)
                .containsEntry("maxLength", FieldBounds.PASSWORD_MAX);
        assertThat(map(schemas, "Roles")).containsEntry("maxItems", FieldBounds.ROLES_MAX);
        assertThat(map(schemas, "Role")).containsEntry("maxLength", FieldBounds.ROLE_MAX)
                .containsEntry("pattern", "^" + FieldBounds.ROLE.pattern() + "$");
        assertThat(map(client, "client_id")).containsEntry("maxLength", FieldBounds.CLIENT_ID_MAX)
                .containsEntry("pattern", "^" + FieldBounds.CLIENT_ID.pattern() + "$");
        assertThat(map(client, "name")).containsEntry("maxLength", FieldBounds.CLIENT_NAME_MAX);
        assertList(client, "scopes", FieldBounds.SCOPES_MAX, FieldBounds.SCOPE_MAX, FieldBounds.SCOPE.pattern());
        assertList(client, "audiences", FieldBounds.AUDIENCES_MAX, FieldBounds.AUDIENCE_MAX, FieldBounds.AUDIENCE.pattern());
        assertThat(map(client, "roles")).containsEntry("maxItems", FieldBounds.ROLES_MAX);
        assertList(client, "redirect_uris", FieldBounds.REDIRECT_URIS_MAX, FieldBounds.REDIRECT_URI_MAX, null);
        assertThat((String) map(client, "jwks").get("description")).contains(Integer.toString(FieldBounds.JWKS_MAX));
        Map<String, Object> address = map(map(schemas, "Address"), "properties");
        assertThat(map(schemas, "ProfileText")).containsEntry("maxLength", ProfileBounds.TEXT_MAX);
        assertThat(map(schemas, "ProfileUrl")).containsEntry("maxLength", ProfileBounds.URL_MAX);
        assertThat(map(schemas, "Email")).containsEntry("maxLength", ProfileBounds.EMAIL_MAX);
        assertThat(map(schemas, "Locale")).containsEntry("maxLength", ProfileBounds.LOCALE_MAX);
        assertThat(map(schemas, "PhoneNumber")).containsEntry("maxLength", ProfileBounds.PHONE_MAX);
        assertThat(firstOf(schemas, "AddressLines")).containsEntry("maxLength", ProfileBounds.ADDRESS_LINES_MAX);
        assertThat(firstOf(schemas, "AddressText")).containsEntry("maxLength", ProfileBounds.TEXT_MAX);
        assertThat(((List<?>) map(address, "postal_code").get("oneOf")).getFirst())
                .isEqualTo(Map.of("type", "string", "minLength", 1, "maxLength", ProfileBounds.POSTAL_CODE_MAX));
        assertThat(map(map(schemas, "UserProfile"), "properties").keySet()).containsExactlyElementsOf(UserProfile.CLAIMS);
        assertThat(address.keySet()).containsExactlyElementsOf(UserProfile.Address.FIELDS);
        assertThat(map(map(schemas, "User"), "properties").keySet()).containsAll(UserProfile.CLAIMS);
        assertThat(user.keySet()).containsAll(UserProfile.CLAIMS);
        for (String ttl : List.of("refresh_idle_ttl_seconds", "refresh_absolute_ttl_seconds")) {
            assertThat(map(client, ttl)).containsEntry("maximum", (int) FieldBounds.LIFETIME_MAX_SECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstOf(Map<String, Object> schemas, String name) {
        return (Map<String, Object>) ((List<?>) map(schemas, name).get("oneOf")).getFirst();
    }

    private static void assertList(Map<String, Object> properties, String name, int maxItems, int maxLength, String pattern) {
        Map<String, Object> list = map(properties, name);
        assertThat(list).as(name).containsEntry("maxItems", maxItems);
        assertThat(map(list, "items")).as(name).containsEntry("maxLength", maxLength);
        if (pattern != null) {
            assertThat(map(list, "items")).as(name).containsEntry("pattern", "^" + pattern + "$");
        }
    }

    private static void assertFields(JsonNode json, String schemaName) {
        Map<String, Object> schema = map(map(map(document, "components"), "schemas"), schemaName);
        Set<String> properties = map(schema, "properties").keySet();
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(schemaName + " " + json).isSubsetOf(properties);
        @SuppressWarnings("unchecked")
        List<String> required = (List<String>) schema.getOrDefault("required", List.of());
        assertThat(fields).as(schemaName + " " + json).containsAll(required);
    }

    private static List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        map(document, "paths").forEach((path, item) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> methods = (Map<String, Object>) item;
            methods.forEach((method, spec) -> {
                if (METHODS.contains(method)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> operation = (Map<String, Object>) spec;
                    ops.add(new Operation(method, path, operation));
                }
            });
        });
        assertThat(ops).isNotEmpty();
        return ops;
    }

    private static boolean isPublic(Operation op) {
        return List.of().equals(op.spec().get("security"));
    }

    private static String serverUrl() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> servers = (List<Map<String, Object>>) document.get("servers");
        return (String) servers.get(0).get("url");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("$ref".equals(k)) {
                    refs.add((String) v);
                } else {
                    collectRefs(v, refs);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectRefs(v, refs));
        }
    }
}

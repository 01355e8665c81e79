package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeysApiTest {
    @TempDir
    Path dataDir;
    TestIssuer issuer;
    AdminApi api;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir);
        api = AdminApi.asNewAdmin(issuer);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void listKeysShowsTheActiveKeyWithoutPrivateParts() {
        HttpResponse<String> r = api.get("/keys");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode items = json(r).path("items");
        assertThat(items.size()).isEqualTo(1);
        JsonNode key = items.get(0);
        assertThat(key.path("status").asText()).isEqualTo("active");
        assertThat(key.path("algorithm").asText()).isEqualTo("ES256");
        assertThat(key.path("kid").asText()).isEqualTo(issuer.services().keys().signer().kid());
        assertThat(key.path("public_jwk").path("kid").asText()).isEqualTo(key.path("kid").asText());
        assertThat(key.path("public_jwk").has("d")).isFalse();
        assertThat(key.has("retires_at")).isFalse();
        assertThat(r.body()).doesNotContain("encrypted");
    }

    @Test
    void rotateKeyPublishesTheNewKeyBeforeItSigns() throws Exception {
        String oldKid = issuer.services().keys().signer().kid();

        HttpResponse<String> r = api.post("/keys/rotate");

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode key = json(r);
        String newKid = key.path("kid").asText();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(key.path("status").asText()).isEqualTo("pending");
        assertThat(key.path("algorithm").asText()).isEqualTo("ES256");
        Instant activatesAt = Instant.parse(key.path("activates_at").asText());
        assertThat(activatesAt).isAfter(issuer.clock().instant());
        assertThat(issuer.services().keys().publicJwks().getKeyByKeyId(newKid)).isNotNull();
        assertThat(kidOfNewToken()).isEqualTo(oldKid);
        assertThat(statusOf(oldKid)).isEqualTo("active");
        assertThat(statusOf(newKid)).isEqualTo("pending");
        assertThat(listed(newKid)).isEqualTo(key);

        issuer.clock().set(activatesAt.plusSeconds(1));
        api = AdminApi.asNewAdmin(issuer);

        assertThat(kidOfNewToken()).isEqualTo(newKid);
        assertThat(statusOf(newKid)).isEqualTo("active");
        assertThat(statusOf(oldKid)).isEqualTo("retired");
        assertThat(issuer.services().keys().publicJwks().getKeyByKeyId(oldKid)).isNotNull();
    }

    @Test
    void rotateKeyWithAnAlgorithmCreatesAKeyOfIt() {
        HttpResponse<String> r = api.post("/keys/rotate", body("algorithm", "EdDSA"));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("algorithm").asText()).isEqualTo("EdDSA");
        assertThat(json(r).path("public_jwk").path("crv").asText()).isEqualTo("Ed25519");
        assertThat(issuer.services().keys().publicJwks().getKeyByKeyId(json(r).path("kid").asText())).isNotNull();
    }

    @Test
    void rotateKeyWhenAlgorithmUnsupportedThen400() {
        assertInvalidField(api.post("/keys/rotate", body("algorithm", "HS256")), "algorithm");
        assertInvalidField(api.post("/keys/rotate", body("algorithm", 256)), "algorithm");
        assertThat(json(api.get("/keys")).path("items").size()).isEqualTo(1);
    }

    @Test
    void rotateKeyWhenBodyMalformedThen400() {
        assertProblem(api.post("/keys/rotate", "{\"algorithm\""), 400);
        assertInvalidField(api.post("/keys/rotate", body("kty", "EC")), "kty");
    }

    @Test
    void rotateKeyWhenBodyIsNotJsonThen415() {
        assertProblem(api.send("POST", "/keys/rotate", "text/plain", "EdDSA"), 415);
        assertThat(json(api.get("/keys")).path("items").size()).isEqualTo(1);
    }

    private String kidOfNewToken() throws Exception {
        User user = issuer.createUser("signer" + System.nanoTime(), "long enough secret", Set.of());
        return SignedJWT.parse(AdminApi.login(issuer, user).accessToken().value()).getHeader().getKeyID();
    }

    private String statusOf(String kid) {
        return listed(kid).path("status").asText();
    }

    private JsonNode listed(String kid) {
        for (JsonNode key : json(api.get("/keys")).path("items")) {
            if (key.path("kid").asText().equals(kid)) {
                return key;
            }
        }
        throw new AssertionError("key " + kid + " not listed");
    }
}

package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.grant.GrantRequest;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.client.InvalidTokenException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminClientsApiTest extends SharedIssuerAdminTest {
    /** A valid confidential client_credentials registration, as a mutable JSON object. */
    private static ObjectNode confidential(String clientId) {
        return (ObjectNode) AdminApi.JSON.valueToTree(Map.of(
                "client_id", clientId,
                "name", "Service " + clientId,
                "auth_methods", List.of("client_secret_basic"),
                "grant_types", List.of("client_credentials"),
                "scopes", List.of("orders:read"),
                "audiences", List.of("https://api.test"),
                "roles", List.of("service")));
    }

    private static String createConfidential(String clientId) {
        HttpResponse<String> r = api.post("/clients", confidential(clientId).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("client_secret").asText();
    }

    private static OAuthClient authenticate(String clientId, String secret) {
        return issuer.services().clientAuthenticator().authenticate(
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), null, "203.0.113.7");
    }

    private static String clientCredentialsToken(String clientId) {
        OAuthClient client = issuer.services().clients().find(clientId).orElseThrow();
        return issuer.services().grants().handle(new GrantRequest(client, new ClientCredentialsGrant(), null, List.of(),
                "192.0.2.20", "admin-test")).accessToken().value();
    }

    @Test
    void createConfidentialClientShowsItsGeneratedSecretOnce() {
        HttpResponse<String> r = api.post("/clients", confidential("orders").toString());

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/v1/clients/orders");
        JsonNode client = json(r);
        String secret = client.path("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(client.path("client_id").asText()).isEqualTo("orders");
        assertThat(client.path("name").asText()).isEqualTo("Service orders");
        assertThat(client.path("public_client").asBoolean()).isFalse();
        assertThat(client.path("auth_methods").toString()).isEqualTo("[\"client_secret_basic\"]");
        assertThat(client.path("grant_types").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(client.path("roles").toString()).isEqualTo("[\"service\"]");
        assertThat(authenticate("orders", secret).clientId()).isEqualTo("orders");

        HttpResponse<String> read = api.get("/clients/orders");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).has("client_secret")).isFalse();
        assertThat(json(read)).isEqualTo(((ObjectNode) client.deepCopy()).without("client_secret"));
        assertThat(read.body()).doesNotContain(secret).doesNotContain("sha256:").doesNotContain("hash");
    }

    @Test
    void createPublicClientGetsNoSecret() {
        HttpResponse<String> r = api.post("/clients", body("client_id", "spa", "name", "Single page app",
                "auth_methods", List.of("none"), "grant_types", List.of("refresh_token")));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).has("client_secret")).isFalse();
        assertThat(json(r).path("public_client").asBoolean()).isTrue();
    }

    @Test
    void createClientKeepsEveryRegisteredSetting() throws Exception {
        JWKSet jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK());
        ObjectNode request = (ObjectNode) AdminApi.JSON.valueToTree(Map.ofEntries(
                Map.entry("client_id", "full"),
                Map.entry("name", "Everything set"),
                Map.entry("auth_methods", List.of("private_key_jwt")),
                Map.entry("grant_types", List.of("client_credentials", "refresh_token")),
                Map.entry("scopes", List.of("a", "b")),
                Map.entry("audiences", List.of("https://one.test", "https://two.test")),
                Map.entry("roles", List.of("reader")),
                Map.entry("redirect_uris", List.of("https://app.test/callback")),
                Map.entry("jwks", jwks.toJSONObject()),
                Map.entry("first_party", true),
                Map.entry("introspection", true),
                Map.entry("access_token_ttl_seconds", 120),
                Map.entry("refresh_idle_ttl_seconds", 3600),
                Map.entry("refresh_absolute_ttl_seconds", 86400),
                Map.entry("refresh_grace_period_seconds", 0),
                Map.entry("signing_algorithm", "EdDSA")));

        HttpResponse<String> r = api.post("/clients", request.toString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode shown = json(api.get("/clients/full"));
        assertThat(shown.has("client_secret")).isFalse();
        assertThat(shown.path("jwks").path("keys").get(0).path("kid").asText()).isEqualTo("k1");
        assertThat(shown.path("redirect_uris").toString()).isEqualTo("[\"https://app.test/callback\"]");
        assertThat(shown.path("access_token_ttl_seconds").asLong()).isEqualTo(120);
        assertThat(shown.path("refresh_grace_period_seconds").isIntegralNumber()).isTrue();
        assertThat(shown.path("refresh_grace_period_seconds").asLong()).isZero();
        assertThat(shown.path("signing_algorithm").asText()).isEqualTo("EdDSA");
        OAuthClient stored = issuer.services().clients().find("full").orElseThrow();
        assertThat(stored.secretHash()).isNull();
        assertThat(stored.grantTypes()).containsExactlyInAnyOrder(GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN);
        assertThat(stored.audiences()).containsExactlyInAnyOrder("https://one.test", "https://two.test");
        assertThat(stored.redirectUris()).containsExactly(URI.create("https://app.test/callback"));
        assertThat(stored.firstParty()).isTrue();
        assertThat(stored.introspection()).isTrue();
        assertThat(stored.accessTokenTtl()).isEqualTo(Duration.ofSeconds(120));
        assertThat(stored.refreshIdleTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(stored.refreshAbsoluteTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(stored.refreshGracePeriod()).isZero();
        assertThat(stored.signingAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(JWKSet.parse(stored.jwks()).getKeyByKeyId("k1")).isNotNull();
    }

    @Test
    void createClientWithoutRefreshGracePeriodShowsNoneAndGetsTheDefault() {
        JsonNode shown = json(api.post("/clients", confidential("defaulted").toString()));
        JsonNode patient = json(api.post("/clients", with(confidential("patient"), "refresh_grace_period_seconds", 60)));

        assertThat(shown.has("refresh_grace_period_seconds")).isFalse();
        assertThat(issuer.services().clients().find("defaulted").orElseThrow().refreshGracePeriod()).isNull();
        assertThat(patient.path("refresh_grace_period_seconds").asLong()).isEqualTo(60);
        assertThat(json(api.get("/clients/patient")).path("refresh_grace_period_seconds").asLong()).isEqualTo(60);
    }

    @Test
    void createClientWithoutNameIsNamedByItsId() {
        ObjectNode request = confidential("unnamed");
        request.remove("name");

        assertThat(json(api.post("/clients", request.toString())).path("name").asText()).isEqualTo("unnamed");
    }

    @Test
    void createClientWhenIdTakenThen409() {
        createConfidential("duplicate");

        assertProblem(api.post("/clients", confidential("duplicate").toString()), 409);
        assertProblem(api.post("/clients", confidential("gatehouse").toString()), 409);
    }

    @Test
    void createClientWhenInvalidThen400NamingTheField() {
        assertInvalidField(api.post("/clients", confidential("has space").toString()), "client_id");
        assertInvalidField(api.post("/clients", confidential("m").put("first_party", "yes").toString()), "first_party");
        assertInvalidField(api.post("/clients", with(confidential("m"), "auth_methods", List.of("tls_client_auth"))), "auth_methods");
        assertInvalidField(api.post("/clients", with(confidential("m"), "auth_methods", List.of())), "auth_methods");
        assertInvalidField(api.post("/clients", with(confidential("m"), "auth_methods", List.of("none", "client_secret_basic"))), "auth_methods");
        assertInvalidField(api.post("/clients", with(confidential("m"), "grant_types", List.of("implicit"))), "grant_types");
        assertInvalidField(api.post("/clients", with(confidential("m"), "grant_types", List.of(""))), "grant_types[0]");
        assertInvalidField(api.post("/clients", with(confidential("m"), "scopes", List.of("two words"))), "scopes");
        assertInvalidField(api.post("/clients", with(confidential("m"), "audiences", List.of(" "))), "audiences");
        assertInvalidField(api.post("/clients", with(confidential("m"), "roles", List.of(""))), "roles");
        assertInvalidField(api.post("/clients", with(confidential("m"), "redirect_uris", List.of("/relative"))), "redirect_uris");
        assertInvalidField(api.post("/clients", with(confidential("m"), "redirect_uris", List.of("http://a b"))), "redirect_uris[0]");
        assertInvalidField(api.post("/clients", with(confidential("m"), "jwks", "not an object")), "jwks");
        assertInvalidField(api.post("/clients", with(confidential("m"), "access_token_ttl_seconds", 0)), "access_token_ttl_seconds");
        assertInvalidField(api.post("/clients", with(confidential("m"), "access_token_ttl_seconds", 86400)), "access_token_ttl_seconds");
        assertInvalidField(api.post("/clients", with(confidential("m"), "refresh_idle_ttl_seconds", -5)), "refresh_idle_ttl_seconds");
        assertInvalidField(api.post("/clients", with(confidential("m"), "refresh_absolute_ttl_seconds", "60")), "refresh_absolute_ttl_seconds");
        assertInvalidField(api.post("/clients", with(confidential("m"), "refresh_grace_period_seconds", -1)), "refresh_grace_period_seconds");
        assertInvalidField(api.post("/clients", with(confidential("m"), "refresh_grace_period_seconds", 61)), "refresh_grace_period_seconds");
        assertInvalidField(api.post("/clients", with(confidential("m"), "refresh_grace_period_seconds", "5")), "refresh_grace_period_seconds");
        assertInvalidField(api.post("/clients", with(confidential("m"), "signing_algorithm", "HS256")), "signing_algorithm");
        assertInvalidField(api.post("/clients", with(confidential("m"), "name", "")), "name");
        assertInvalidField(api.post("/clients", with(confidential("m"), "color", "blue")), "color");
        assertThat(issuer.services().clients().find("m")).isEmpty();
    }

    @Test
    void createClientWhenRedirectUriUnsafeThen400NamingItAndNothingStored() {
        for (String uri : List.of("javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHA+",
                "file:///etc/passwd", "https://*.app.test/cb", "https://app.test/*", "https://user@app.test/cb",
                "http://app.test/cb", "https://app.test/cb#top", "myapp:/cb", "https:///cb")) {
            HttpResponse<String> r = api.post("/clients", with(confidential("unsafe"), "redirect_uris", List.of(uri)));

            assertThat(assertInvalidField(r, "redirect_uris").path("detail").asText()).as(uri).startsWith("redirect_uris: ");
        }
        assertThat(issuer.services().clients().find("unsafe")).isEmpty();
    }

    @Test
    void createClientWithHttpsLoopbackAndPrivateUseRedirectUrisKeepsThem() {
        List<String> uris = List.of("https://app.test/cb", "http://127.0.0.1:8400/cb", "http://[::1]/cb",
                "http://localhost:3000/cb", "com.example.app:/callback");

        HttpResponse<String> r = api.post("/clients", with(confidential("native"), "redirect_uris", uris));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(api.get("/clients/native")).path("redirect_uris").toString())
                .isEqualTo(AdminApi.JSON.valueToTree(uris).toString());
    }

    @Test
    void createClientWhenRefreshIdleLifetimeExceedsTheAbsoluteOneThen400() {
        ObjectNode both = confidential("lifetimes").put("refresh_idle_ttl_seconds", 7200).put("refresh_absolute_ttl_seconds", 3600);
        // the issuer's absolute lifetime is 30 days, its idle one 8 hours
        ObjectNode idleOnly = confidential("lifetimes").put("refresh_idle_ttl_seconds", 31L * 24 * 3600);
        ObjectNode absoluteOnly = confidential("lifetimes").put("refresh_absolute_ttl_seconds", 3600);

        assertInvalidField(api.post("/clients", both.toString()), "refresh_idle_ttl_seconds");
        assertInvalidField(api.post("/clients", idleOnly.toString()), "refresh_idle_ttl_seconds");
        assertInvalidField(api.post("/clients", absoluteOnly.toString()), "refresh_absolute_ttl_seconds");
        assertThat(issuer.services().clients().find("lifetimes")).isEmpty();
    }

    @Test
    void createClientWhenAuthMethodBlankThen400NamingIt() {
        assertInvalidField(api.post("/clients", with(confidential("m"), "auth_methods", List.of(" "))), "auth_methods[0]");
    }

    @Test
    void createClientWhenRequiredFieldMissingThen400NamingIt() {
        for (String field : List.of("client_id", "auth_methods", "grant_types")) {
            ObjectNode request = confidential("missing");
            request.remove(field);
            assertInvalidField(api.post("/clients", request.toString()), field);
        }
    }

    @Test
    void createClientWhenPublicClientAsksForClientCredentialsThen400() {
        assertInvalidField(api.post("/clients", body("client_id", "badpublic", "auth_methods", List.of("none"),
                "grant_types", List.of("client_credentials"))), "grant_types");
    }

    @Test
    void createClientWhenPrivateKeyJwtWithoutKeysThen400() {
        assertInvalidField(api.post("/clients", with(confidential("nokeys"), "auth_methods", List.of("private_key_jwt"))), "jwks");
    }

    @Test
    void createClientWhenJsonMalformedThen400() {
        assertProblem(api.post("/clients", "{\"client_id\": }"), 400);
    }

    @Test
    void createClientWhenContentTypeIsNotJsonThen415() {
        assertProblem(api.send("POST", "/clients", "text/plain", confidential("plain").toString()), 415);
        assertThat(issuer.services().clients().find("plain")).isEmpty();
    }

    @Test
    void listClientsShowsEveryClientWithoutSecrets() {
        String secret = createConfidential("listed");

        HttpResponse<String> r = api.get("/clients");

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(r).path("items").forEach(c -> ids.add(c.path("client_id").asText()));
        assertThat(ids).contains("gatehouse", "listed").isSorted();
        assertThat(r.body()).doesNotContain(secret).doesNotContain("client_secret\"").doesNotContain("sha256:");
    }

    @Test
    void getClientWhenUnknownThen404() {
        assertProblem(api.get("/clients/no-such-client"), 404);
    }

    @Test
    void rotateSecretReplacesItAndRevokesEarlierTokens() {
        String old = createConfidential("rotating");
        String earlier = clientCredentialsToken("rotating");

        HttpResponse<String> r = api.post("/clients/rotating/secret");

        assertThat(r.statusCode()).isEqualTo(200);
        String fresh = json(r).path("client_secret").asText();
        assertThat(fresh).isNotBlank().isNotEqualTo(old);
        assertThatThrownBy(() -> authenticate("rotating", old)).isInstanceOf(OAuthException.class);
        assertThat(authenticate("rotating", fresh).clientId()).isEqualTo("rotating");
        assertThatThrownBy(() -> issuer.services().verifier().verify(earlier)).isInstanceOf(InvalidTokenException.class);
        assertThat(api.get("/clients/rotating").body()).doesNotContain(fresh);
    }

    @Test
    void rotateSecretOfPublicClientThen400() {
        api.post("/clients", body("client_id", "nosecret", "auth_methods", List.of("none"),
                "grant_types", List.of("refresh_token")));

        assertProblem(api.post("/clients/nosecret/secret"), 400);
    }

    @Test
    void rotateSecretWhenUnknownThen404() {
        assertProblem(api.post("/clients/no-such-client/secret"), 404);
    }

    @Test
    void deleteClientRemovesItAndRevokesItsTokens() throws Exception {
        String secret = createConfidential("doomed");
        String earlier = clientCredentialsToken("doomed");
        issuer.services().verifier().verify(earlier);

        HttpResponse<String> r = api.delete("/clients/doomed");

        assertThat(r.statusCode()).isEqualTo(204);
        assertProblem(api.get("/clients/doomed"), 404);
        assertThatThrownBy(() -> issuer.services().verifier().verify(earlier)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authenticate("doomed", secret)).isInstanceOf(OAuthException.class);
    }

    @Test
    void deleteClientWhenUnknownThen404() {
        assertProblem(api.delete("/clients/no-such-client"), 404);
    }

    private static String with(ObjectNode request, String field, Object value) {
        request.set(field, AdminApi.JSON.valueToTree(value));
        return request.toString();
    }
}

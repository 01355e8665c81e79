package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.AdminApi.body;
import static dev.gatehouse.server.admin.AdminApi.json;
import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.client.BrowserSignIn;
import dev.gatehouse.core.client.OAuthClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration of how clients sign people in through the browser, and changing a registration. */
class AdminClientBrowserSignInApiTest extends SharedIssuerAdminTest {
    /** A confidential web application using the authorization code flow. */
    private static ObjectNode webApp(String clientId) {
        return (ObjectNode) AdminApi.JSON.valueToTree(Map.of(
                "client_id", clientId,
                "auth_methods", List.of("client_secret_basic"),
                "grant_types", List.of("authorization_code", "refresh_token"),
                "scopes", List.of("openid", "profile"),
                "redirect_uris", List.of("https://" + clientId + ".test/callback")));
    }

    private static JsonNode created(ObjectNode request) {
        HttpResponse<String> r = api.post("/clients", request.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void webAppRegistersEveryBrowserSignInSettingAndReadsThemBack() {
        ObjectNode request = webApp("shop");
        request.set("post_logout_redirect_uris", AdminApi.JSON.valueToTree(List.of("https://shop.test/signed-out")));
        request.put("backchannel_logout_uri", "https://shop.test/backchannel-logout");
        request.put("consent", "skip");
        request.put("require_pushed_authorization_requests", true);
        request.put("require_pkce", false);

        JsonNode client = created(request);

        assertThat(client.path("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(client.path("post_logout_redirect_uris").toString()).isEqualTo("[\"https://shop.test/signed-out\"]");
        assertThat(client.path("backchannel_logout_uri").asText()).isEqualTo("https://shop.test/backchannel-logout");
        assertThat(client.path("consent").asText()).isEqualTo("skip");
        assertThat(client.path("require_pushed_authorization_requests").asBoolean()).isTrue();
        assertThat(client.path("require_pkce").asBoolean()).isFalse();
        assertThat(json(api.get("/clients/shop"))).isEqualTo(((ObjectNode) client.deepCopy()).without("client_secret"));
        BrowserSignIn stored = issuer.services().clients().find("shop").orElseThrow().browser();
        assertThat(stored).isEqualTo(new BrowserSignIn(List.of(URI.create("https://shop.test/signed-out")),
                URI.create("https://shop.test/backchannel-logout"), BrowserSignIn.Consent.SKIP, true, false));
    }

    @Test
    void leftOutSettingsAreAskedConsentAndRequiredPkceAndFirstPartyClientsSkipConsent() {
        JsonNode thirdParty = created(webApp("partner"));
        ObjectNode firstPartyRequest = webApp("portal");
        firstPartyRequest.put("first_party", true);
        JsonNode firstParty = created(firstPartyRequest);

        assertThat(thirdParty.path("consent").asText()).isEqualTo("ask");
        assertThat(thirdParty.path("require_pkce").asBoolean()).isTrue();
        assertThat(thirdParty.path("require_pushed_authorization_requests").asBoolean()).isFalse();
        assertThat(thirdParty.path("post_logout_redirect_uris").toString()).isEqualTo("[]");
        assertThat(thirdParty.has("backchannel_logout_uri")).isFalse();
        assertThat(firstParty.path("consent").asText()).isEqualTo("skip");
    }

    @Test
    void authorizationCodeWithoutRedirectUriIsRefusedNamingRedirectUris() {
        ObjectNode request = webApp("no-redirect");
        request.remove("redirect_uris");

        assertInvalidField(api.post("/clients", request.toString()), "redirect_uris");
    }

    @Test
    void badBrowserSignInValuesAreRefusedNamingTheirField() {
        Map<String, Object> refusals = Map.of(
                "post_logout_redirect_uris", List.of("http://bad.test/out"),
                "backchannel_logout_uri", "https://bad.test/bc#fragment",
                "consent", "sometimes",
                "require_pkce", "yes",
                "require_pushed_authorization_requests", 1);
        refusals.forEach((field, value) -> {
            ObjectNode request = webApp("bad");
            request.set(field, AdminApi.JSON.valueToTree(value));
            assertInvalidField(api.post("/clients", request.toString()), field);
        });
        ObjectNode notAUri = webApp("bad");
        notAUri.put("backchannel_logout_uri", "https://bad.test/a b");
        assertInvalidField(api.post("/clients", notAUri.toString()), "backchannel_logout_uri");
        ObjectNode secondNotAUri = webApp("bad");
        secondNotAUri.set("post_logout_redirect_uris", AdminApi.JSON.valueToTree(List.of("https://ok.test/", "https://x.test/ y")));
        assertInvalidField(api.post("/clients", secondNotAUri.toString()), "post_logout_redirect_uris[1]");
        assertProblem(api.get("/clients/bad"), 404);
    }

    @Test
    void publicClientCannotTurnPkceOff() {
        HttpResponse<String> r = api.post("/clients", body("client_id", "spa-no-pkce", "auth_methods", List.of("none"),
                "grant_types", List.of("authorization_code"), "redirect_uris", List.of("https://spa.test/cb"),
                "require_pkce", false));

        assertInvalidField(r, "require_pkce");
    }

    @Test
    void patchChangesOnlyTheMembersSentAndIsAudited() {
        JsonNode before = created(webApp("catalog"));

        HttpResponse<String> r = api.patch("/clients/catalog", body(
                "post_logout_redirect_uris", List.of("https://catalog.test/bye"),
                "backchannel_logout_uri", "https://catalog.test/bc",
                "consent", "skip"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode after = json(r);
        assertThat(after.has("client_secret")).isFalse();
        assertThat(after.path("post_logout_redirect_uris").toString()).isEqualTo("[\"https://catalog.test/bye\"]");
        assertThat(after.path("backchannel_logout_uri").asText()).isEqualTo("https://catalog.test/bc");
        assertThat(after.path("consent").asText()).isEqualTo("skip");
        ObjectNode unchanged = after.deepCopy();
        for (String changed : List.of("post_logout_redirect_uris", "backchannel_logout_uri", "consent")) {
            if (before.has(changed)) {
                unchanged.set(changed, before.get(changed));
            } else {
                unchanged.remove(changed);
            }
        }
        assertThat(unchanged).isEqualTo(((ObjectNode) before.deepCopy()).without("client_secret"));
        assertThat(json(api.get("/clients/catalog"))).isEqualTo(after);
        // the secret still authenticates
        OAuthClient authenticated = issuer.services().clientAuthenticator().authenticate(new ClientSecretBasic(
                new ClientID("catalog"), new Secret(before.path("client_secret").asText())), null, "203.0.113.9");
        assertThat(authenticated.clientId()).isEqualTo("catalog");
        assertThat(issuer.services().stores().audit().query(new AuditQuery(null, null, null, "client.updated", 100)))
                .anyMatch(e -> "catalog".equals(e.clientId()));
    }

    @Test
    void patchKeepsEverySettingNotSentOfAFullyConfiguredClient() throws Exception {
        JWKSet jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK());
        JsonNode before = created((ObjectNode) AdminApi.JSON.valueToTree(Map.ofEntries(
                Map.entry("client_id", "signer"),
                Map.entry("auth_methods", List.of("private_key_jwt")),
                Map.entry("grant_types", List.of("client_credentials", "refresh_token")),
                Map.entry("audiences", List.of("https://one.test")),
                Map.entry("roles", List.of("reader")),
                Map.entry("jwks", jwks.toJSONObject()),
                Map.entry("introspection", true),
                Map.entry("access_token_ttl_seconds", 120),
                Map.entry("refresh_idle_ttl_seconds", 3600),
                Map.entry("refresh_absolute_ttl_seconds", 86400),
                Map.entry("refresh_grace_period_seconds", 0),
                Map.entry("signing_algorithm", "EdDSA"))));
        String storedJwks = issuer.services().clients().find("signer").orElseThrow().jwks();

        HttpResponse<String> r = api.patch("/clients/signer", body("name", "Renamed signer"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode afterWithoutName = ((ObjectNode) json(r).deepCopy()).without("name");
        JsonNode beforeWithoutName = ((ObjectNode) before.deepCopy()).without(List.of("name", "client_secret"));
        assertThat(afterWithoutName).isEqualTo(beforeWithoutName);
        assertThat(json(r).path("name").asText()).isEqualTo("Renamed signer");
        assertThat(issuer.services().clients().find("signer").orElseThrow().jwks()).isEqualTo(storedJwks);
    }

    @Test
    void patchWithNullReturnsAMemberToItsDefault() {
        ObjectNode request = webApp("reset");
        request.put("backchannel_logout_uri", "https://reset.test/bc");
        request.put("consent", "skip");
        created(request);

        HttpResponse<String> r = api.patch("/clients/reset", "{\"backchannel_logout_uri\": null, \"consent\": null}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).has("backchannel_logout_uri")).isFalse();
        assertThat(json(r).path("consent").asText()).isEqualTo("ask");
    }

    @Test
    void patchToFirstPartyTakesTheFirstPartyConsentDefaultUnlessConsentWasChosen() {
        created(webApp("becomes-first"));
        ObjectNode chosen = webApp("chosen-ask");
        chosen.put("consent", "ask");
        chosen.put("first_party", false);
        created(chosen);

        assertThat(json(api.patch("/clients/becomes-first", body("first_party", true))).path("consent").asText())
                .isEqualTo("skip");
        // "ask" is the default of a third-party client, so it was not a choice the registration remembers
        assertThat(json(api.patch("/clients/chosen-ask", body("first_party", true))).path("consent").asText())
                .isEqualTo("skip");
        assertThat(json(api.patch("/clients/chosen-ask", body("first_party", true, "consent", "ask"))).path("consent")
                .asText()).isEqualTo("ask");
    }

    @Test
    void patchRefusesBadValuesNamingTheFieldAndChangesNothing() {
        JsonNode before = created(webApp("strict"));

        assertInvalidField(api.patch("/clients/strict", body("post_logout_redirect_uris", List.of("javascript:alert(1)"))),
                "post_logout_redirect_uris");
        assertInvalidField(api.patch("/clients/strict", body("redirect_uris", List.of())), "redirect_uris");
        assertInvalidField(api.patch("/clients/strict", body("client_id", "renamed")), "client_id");
        assertInvalidField(api.patch("/clients/strict", body("unknown_member", 1)), "unknown_member");
        assertInvalidField(api.patch("/clients/strict", body("consent", 3)), "consent");
        assertProblem(api.patch("/clients/strict", "[]"), 400);
        assertProblem(api.patch("/clients/strict", "{"), 400);
        assertProblem(api.send("PATCH", "/clients/strict", "text/plain", "{}"), 415);
        assertProblem(api.patch("/clients/nobody", "{}"), 404);
        assertThat(json(api.get("/clients/strict"))).isEqualTo(((ObjectNode) before.deepCopy()).without("client_secret"));
    }

    @Test
    void patchFromPublicToConfidentialShowsTheGeneratedSecretOnce() {
        HttpResponse<String> spa = api.post("/clients", body("client_id", "grows-up", "auth_methods", List.of("none"),
                "grant_types", List.of("authorization_code"), "redirect_uris", List.of("https://grows.test/cb")));
        assertThat(spa.statusCode()).as(spa.body()).isEqualTo(201);

        HttpResponse<String> r = api.patch("/clients/grows-up", body("auth_methods", List.of("client_secret_basic")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String secret = json(r).path("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(json(r).path("public_client").asBoolean()).isFalse();
        OAuthClient authenticated = issuer.services().clientAuthenticator().authenticate(
                new ClientSecretBasic(new ClientID("grows-up"), new Secret(secret)), null, "203.0.113.9");
        assertThat(authenticated.clientId()).isEqualTo("grows-up");
        assertThat(json(api.get("/clients/grows-up")).has("client_secret")).isFalse();
    }
}

package dev.gatehouse.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.app.provisioning.ProvisioningPlan.ClientEntry;
import dev.gatehouse.core.client.BrowserSignIn;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningFileTest {
    @TempDir
    Path dir;

    @Test
    void confidentialClientGetsSecretMethodsAndClientCredentialsByDefault() throws IOException {
        ProvisioningPlan plan = parse("""
                clients:
                  - client_id: orders
                    secret_env: ORDERS_SECRET
                    scopes: [orders:read]
                    audiences: [https://orders.internal]
                    access_token_ttl: 10m
                """, Map.of("ORDERS_SECRET", "s3cret-value"));

        ClientEntry entry = plan.clients().getFirst();
        assertThat(entry.client().authMethods()).containsExactlyInAnyOrder(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(entry.client().grantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
        assertThat(entry.client().scopes()).containsExactly("orders:read");
        assertThat(entry.client().accessTokenTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(entry.client().name()).isEqualTo("orders");
        assertThat(entry.secret()).contains(new SecretSpec.FromEnv("ORDERS_SECRET", "s3cret-value"));
        assertThat(entry.secret().orElseThrow().toString()).doesNotContain("s3cret-value");
    }

    @Test
    void publicClientGetsNoneAndRefreshTokenByDefault() throws IOException {
        ProvisioningPlan plan = parse("""
                clients:
                  - client_id: spa
                    type: public
                    first_party: true
                """, Map.of());

        assertThat(plan.clients().getFirst().client().isPublic()).isTrue();
        assertThat(plan.clients().getFirst().client().grantTypes()).containsExactly(GrantType.REFRESH_TOKEN);
        assertThat(plan.clients().getFirst().client().firstParty()).isTrue();
    }

    @Test
    void jwksMappingBecomesJsonAndSelectsPrivateKeyJwt() throws IOException {
        ProvisioningPlan plan = parse("""
                clients:
                  - client_id: batch
                    jwks:
                      keys:
                        - kty: EC
                          crv: P-256
                          x: f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU
                          y: x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0
                """, Map.of());

        assertThat(plan.clients().getFirst().client().authMethods()).containsExactly(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        assertThat(plan.clients().getFirst().client().jwks()).startsWith("{\"keys\":[{\"kty\":\"EC\"");
    }

    @Test
    void plaintextClientSecretIsRejected() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret: hunter22
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (orders): field secret: plaintext secrets are not accepted")
                .hasMessageContaining("secret_env")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void plaintextUserPasswordIsRejected() throws IOException {
        assertThatThrownBy(() -> parse("""
                users:
                  - username: alice
                    password: hunter22
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("users[0] (alice): field password: plaintext passwords are not accepted")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void secretEnvNamingAnUnsetVariableFailsClearly() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret_env: ORDERS_SECRET
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("provisioning file " + dir.resolve("provisioning.yaml"))
                .hasMessageContaining("clients[0] (orders): field secret_env: environment variable ORDERS_SECRET is not set");
    }

    @Test
    void passwordEnvNamingAnUnsetVariableFailsClearly() throws IOException {
        assertThatThrownBy(() -> parse("""
                users:
                  - username: alice
                    password_env: ALICE_PASSWORD
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("users[0] (alice): field password_env: environment variable ALICE_PASSWORD is not set");
    }

    @Test
    void confidentialClientWithoutSecretFails() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (orders): field secret_env: client_secret_basic/client_secret_post need");
    }

    @Test
    void unsupportedSecretHashFails() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret_hash: md5:abc
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (orders): field secret_hash: must start with sha256: or $argon2id$");
    }

    @Test
    void passwordHashMustBeArgon2id() throws IOException {
        assertThatThrownBy(() -> parse("""
                users:
                  - username: alice
                    password_hash: "$2a$10$abcdefghijklmnopqrstuv"
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("users[0] (alice): field password_hash: must be an Argon2id PHC string");
    }

    @Test
    void tooShortPasswordFromEnvironmentFailsWithoutShowingIt() throws IOException {
        assertThatThrownBy(() -> parse("""
                users:
                  - username: alice
                    password_env: ALICE_PASSWORD
                """, Map.of("ALICE_PASSWORD", "abc")))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("field password_env: the password in ALICE_PASSWORD must be 8 to 1024 characters")
                .hasMessageNotContaining("abc\"");
    }

    @Test
    void unknownFieldIsNamed() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret_hash: "sha256:abc"
                    scope: [orders:read]
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (orders): unknown field \"scope\"");
    }

    @Test
    void unknownTopLevelKeyIsNamed() throws IOException {
        assertThatThrownBy(() -> parse("groups: [a]\n", Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("unknown key \"groups\"");
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret_hash: "sha256:abc"
                    scopes: orders:read
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (orders): field scopes: must be a list");
    }

    @Test
    void aBlankItemInAListIsRefusedNamingTheField() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret_hash: "sha256:abc"
                    scopes: [orders:read, " "]
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (orders): field scopes: must be a list of non-empty values");
    }

    @Test
    void invalidDurationIsNamedWithItsValue() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret_hash: "sha256:abc"
                    access_token_ttl: 5 minutes
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (orders): field access_token_ttl: must be a positive duration")
                .hasMessageContaining("\"5 minutes\"");
    }

    @Test
    void refreshGracePeriodIsReadAsADurationAndZeroIsStrict() throws IOException {
        ProvisioningPlan plan = parse("""
                clients:
                  - client_id: web
                    type: public
                    refresh_grace_period: 10s
                  - client_id: cli
                    type: public
                    refresh_grace_period: 0s
                  - client_id: spa
                    type: public
                """, Map.of());

        assertThat(plan.clients()).extracting(c -> c.client().refreshGracePeriod())
                .containsExactly(Duration.ofSeconds(10), Duration.ZERO, null);
    }

    @Test
    void refreshGracePeriodOutsideZeroToSixtySecondsIsNamedWithItsValue() throws IOException {
        for (String invalid : List.of("61s", "1500ms", "PT-1S", "soon")) {
            assertThatThrownBy(() -> parse("""
                    clients:
                      - client_id: web
                        type: public
                        refresh_grace_period: %s
                    """.formatted(invalid), Map.of()))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("clients[0] (web): field refresh_grace_period: ")
                    .hasMessageContaining("\"" + invalid + "\"");
        }
    }

    @Test
    void aBrowserClientMayUseTheAuthorizationCodeGrant() throws IOException {
        ProvisioningPlan plan = parse("""
                clients:
                  - client_id: spa
                    type: public
                    grant_types: [authorization_code, refresh_token]
                    redirect_uris: ["https://spa.example/callback"]
                """, Map.of());

        assertThat(plan.clients().getFirst().client().grantTypes())
                .containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    }

    @Test
    void unknownGrantTypeIsNamed() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: orders
                    secret_hash: "sha256:abc"
                    grant_types: [implicit]
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("field grant_types: unknown grant type \"implicit\"");
    }

    @Test
    void publicClientWithSecretIsRejected() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: spa
                    type: public
                    secret_hash: "sha256:abc"
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (spa): field secret_hash: a secret is given but auth_methods has no");
    }

    @Test
    void roleNotListedUnderRolesIsRejected() throws IOException {
        assertThatThrownBy(() -> parse("""
                roles: [orders-reader]
                users:
                  - username: alice
                    roles: [orders-raeder]
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("users[0] (alice): field roles: role \"orders-raeder\" is not listed under roles");
    }

    @Test
    void adminRoleNeedsNoDeclaration() throws IOException {
        ProvisioningPlan plan = parse("""
                roles: [orders-reader]
                users:
                  - username: root
                    roles: [admin]
                """, Map.of());

        assertThat(plan.users().getFirst().roles()).isEqualTo(Set.of("admin"));
        assertThat(plan.declaresUserWithRole("admin")).isTrue();
    }

    @Test
    void duplicateClientIdIsRejected() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: spa
                    type: public
                  - client_id: spa
                    type: public
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[1] (spa): field client_id: declared twice");
    }

    @Test
    void missingClientIdIsNamed() throws IOException {
        assertThatThrownBy(() -> parse("""
                clients:
                  - type: public
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0]: field client_id: is required");
    }

    @Test
    void emptyFileIsAnEmptyPlan() throws IOException {
        ProvisioningPlan plan = parse("", Map.of());

        assertThat(plan.clients()).isEmpty();
        assertThat(plan.users()).isEmpty();
    }

    @Test
    void shippedExampleParses() {
        Path example = Path.of("..", "examples", "provisioning.yaml");

        ProvisioningPlan plan = ProvisioningFile.parse(example, Map.of(
                "REPORTING_CLIENT_SECRET", "reporting-secret-123",
                "INTROSPECTOR_CLIENT_SECRET", "introspector-secret-123",
                "SHOP_CLIENT_SECRET", "shop-secret-123",
                "ALICE_PASSWORD", "alice-password-123"));

        assertThat(plan.clients()).isNotEmpty();
        assertThat(plan.clients()).filteredOn(c -> c.client().clientId().equals("shop")).singleElement()
                .satisfies(c -> assertThat(c.client().browser().backchannelLogoutUri()).isNotNull());
        assertThat(plan.users()).isNotEmpty();
    }

    @Test
    void profileClaimsAreReadSetOrClearedAndTheRestLeftOut() throws IOException {
        ProvisioningPlan plan = parse("""
                users:
                  - username: carol
                    name: Carol Danvers
                    email_verified: false
                    nickname: ~
                    address:
                      country: US
                      region:
                """, Map.of());

        Map<String, Object> changes = plan.users().getFirst().profile().changes();
        assertThat(changes).containsOnlyKeys("name", "email_verified", "nickname", "address");
        assertThat(changes).containsEntry("name", "Carol Danvers").containsEntry("email_verified", false)
                .containsEntry("nickname", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) changes.get("address");
        assertThat(address).containsEntry("country", "US").containsEntry("region", null);
    }

    @Test
    void invalidProfileClaimIsRefusedNamingTheEntryAndTheClaim() {
        assertThatThrownBy(() -> parse("""
                users:
                  - username: carol
                    email: not-an-address
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("users[0] (carol): field email:");
        assertThatThrownBy(() -> parse("""
                users:
                  - username: carol
                    address:
                      city: Boston
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("users[0] (carol): field address.city: not a member of the address claim");
        assertThatThrownBy(() -> parse("""
                users:
                  - username: carol
                    email_verified: maybe
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("field email_verified: must be true or false");
    }

    @Test
    void unquotedDateOrNumberIsRefusedWithAHintToQuoteIt() {
        assertThatThrownBy(() -> parse("""
                users:
                  - username: carol
                    birthdate: 1968-03-01
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("field birthdate: must be a string (quote the value in YAML)");
        assertThatThrownBy(() -> parse("""
                users:
                  - username: carol
                    address:
                      postal_code: 02134
                """, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("field address.postal_code: must be a string (quote the value in YAML)");
    }

    @Test
    void browserSignInKeysAreRead() throws IOException {
        ProvisioningPlan plan = parse("""
                clients:
                  - client_id: web
                    secret_env: WEB_SECRET
                    grant_types: [authorization_code, refresh_token]
                    redirect_uris: [https://web.example/callback]
                    post_logout_redirect_uris: [https://web.example/signed-out]
                    backchannel_logout_uri: https://web.example/backchannel-logout
                    consent: skip
                    require_pushed_authorization_requests: true
                    require_pkce: false
                """, Map.of("WEB_SECRET", "a-long-web-secret"));

        var client = plan.clients().getFirst().client();
        assertThat(client.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        assertThat(client.browser()).isEqualTo(new BrowserSignIn(List.of(URI.create("https://web.example/signed-out")),
                URI.create("https://web.example/backchannel-logout"), BrowserSignIn.Consent.SKIP, true, false));
    }

    @Test
    void browserSignInKeysLeftOutTakeTheirDefaults() throws IOException {
        ProvisioningPlan plan = parse("""
                clients:
                  - client_id: partner
                    type: public
                  - client_id: portal
                    type: public
                    first_party: true
                """, Map.of());

        assertThat(plan.clients().get(0).client().browser()).isEqualTo(BrowserSignIn.defaults(false));
        assertThat(plan.clients().get(0).client().browser().consent()).isEqualTo(BrowserSignIn.Consent.ASK);
        assertThat(plan.clients().get(1).client().browser().consent()).isEqualTo(BrowserSignIn.Consent.SKIP);
    }

    @Test
    void badBrowserSignInValuesAreNamed() {
        Map<String, String> refusals = Map.of(
                "consent: sometimes", "consent",
                "require_pkce: maybe", "require_pkce",
                "backchannel_logout_uri: \"https://a b\"", "backchannel_logout_uri",
                "post_logout_redirect_uris: [\"https://a b\"]", "post_logout_redirect_uris");
        refusals.forEach((line, field) -> assertThatThrownBy(() -> parse("""
                clients:
                  - client_id: web
                    type: public
                    %s
                """.formatted(line), Map.of())).as(line).hasMessageContaining(field));
    }

    private ProvisioningPlan parse(String yaml, Map<String, String> env) throws IOException {
        Path file = Files.writeString(dir.resolve("provisioning.yaml"), yaml);
        return ProvisioningFile.parse(file, env);
    }
}

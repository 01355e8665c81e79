package dev.gatehouse.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.gatehouse.app.testing.TestServices;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.client.ClientSecrets;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gatehouse.core.user.ProfilePatch;
import dev.gatehouse.core.user.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningTest {
    private static final String ADDRESS = "203.0.113.7";
    private static final String FILE = """
            roles: [orders-reader]
            clients:
              - client_id: reporting
                secret_env: REPORTING_SECRET
                scopes: [orders:read]
                audiences: [https://orders.internal]
                roles: [orders-reader]
              - client_id: hashed
                secret_hash: "%s"
                audiences: [https://orders.internal]
              - client_id: web
                type: public
                first_party: true
            users:
              - username: alice
                password_env: ALICE_PASSWORD
                roles: [orders-reader]
              - username: bob
                disabled: true
            """.formatted(ClientSecrets.hashGenerated("generated-secret-of-hashed"));
    private static final Map<String, String> ENV = Map.of(
            "REPORTING_SECRET", "reporting-secret-1",
            "ALICE_PASSWORD", "alice-password-1");

    /** root then deputy, each with roles and disabled flag to fill in. */
    private static final String ADMINS = """
            users:
              - username: root
                roles: %s
                disabled: %s
              - username: deputy
                roles: %s
                disabled: %s
            """;

    @TempDir
    Path dir;
    TestServices db;

    @BeforeEach
    void open() {
        db = TestServices.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void applyingTwiceWritesNothingTheSecondTimeAndAddsNoAuditEvents() throws IOException {
        Provisioning.Result first = apply(FILE, ENV);
        List<AuditEvent> afterFirst = db.audit();

        Provisioning.Result second = apply(FILE, ENV);

        assertThat(first).isEqualTo(new Provisioning.Result(3, 2));
        assertThat(second).isEqualTo(new Provisioning.Result(0, 0));
        assertThat(db.audit()).hasSameSizeAs(afterFirst);
        assertThat(afterFirst).extracting(AuditEvent::type).contains("client.created", "user.created", "user.disabled");
    }

    @Test
    void applyingAgainAfterRestartWritesNothing() throws IOException {
        apply(FILE, ENV);
        int events = db.audit().size();
        db = db.reopen();

        Provisioning.Result again = apply(FILE, ENV);

        assertThat(again).isEqualTo(new Provisioning.Result(0, 0));
        assertThat(db.audit()).hasSize(events);
    }

    @Test
    void provisionedConfidentialClientAuthenticatesWithItsSecretFromTheEnvironment() throws IOException {
        apply(FILE, ENV);

        OAuthClient client = db.services().clientAuthenticator().authenticate(
                new ClientSecretBasic(new ClientID("reporting"), new Secret("reporting-secret-1")), null, ADDRESS);

        assertThat(client.clientId()).isEqualTo("reporting");
        assertThat(client.secretHash()).startsWith("$argon2id$").doesNotContain("reporting-secret-1");
        assertThatThrownBy(() -> db.services().clientAuthenticator().authenticate(
                new ClientSecretBasic(new ClientID("reporting"), new Secret("wrong-secret")), null, ADDRESS))
                .isInstanceOf(OAuthException.class);
    }

    @Test
    void clientWithSecretHashAuthenticatesWithTheSecretBehindIt() throws IOException {
        apply(FILE, ENV);

        OAuthClient client = db.services().clientAuthenticator().authenticate(
                new ClientSecretBasic(new ClientID("hashed"), new Secret("generated-secret-of-hashed")), null, ADDRESS);

        assertThat(client.clientId()).isEqualTo("hashed");
    }

    @Test
    void changedSecretInEnvironmentReplacesTheStoredHash() throws IOException {
        apply(FILE, ENV);

        Provisioning.Result changed = apply(FILE, Map.of("REPORTING_SECRET", "reporting-secret-2", "ALICE_PASSWORD", "alice-password-1"));

        assertThat(changed).isEqualTo(new Provisioning.Result(1, 0));
        assertThat(db.services().clientAuthenticator().authenticate(
                new ClientSecretBasic(new ClientID("reporting"), new Secret("reporting-secret-2")), null, ADDRESS)).isNotNull();
        assertThatThrownBy(() -> db.services().clientAuthenticator().authenticate(
                new ClientSecretBasic(new ClientID("reporting"), new Secret("reporting-secret-1")), null, ADDRESS))
                .isInstanceOf(OAuthException.class);
    }

    @Test
    void changedEntryIsUpdatedWithOneAuditEvent() throws IOException {
        apply(FILE, ENV);
        int events = db.audit().size();

        Provisioning.Result changed = apply(FILE.replace("scopes: [orders:read]", "scopes: [orders:read, orders:write]"), ENV);

        assertThat(changed).isEqualTo(new Provisioning.Result(1, 0));
        assertThat(db.services().clients().find("reporting").orElseThrow().scopes())
                .containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(db.audit()).hasSize(events + 1);
        assertThat(db.audit().getFirst().type()).isEqualTo("client.updated");
    }

    @Test
    void provisionedUserLogsInWithPasswordFromEnvironmentAndDisabledUserIsDisabled() throws IOException {
        apply(FILE, ENV);

        User alice = db.services().passwordAuthenticator().authenticate("alice", "alice-password-1", "web", "127.0.0.1");
        User bob = db.services().stores().users().findByUsername("bob").orElseThrow();

        assertThat(alice.roles()).containsExactly("orders-reader");
        assertThat(bob.disabled()).isTrue();
        assertThat(bob.passwordHash()).isNull();
    }

    @Test
    void enablingAUserInTheFileEnablesIt() throws IOException {
        apply(FILE, ENV);

        Provisioning.Result changed = apply(FILE.replace("disabled: true", "disabled: false"), ENV);

        assertThat(changed).isEqualTo(new Provisioning.Result(0, 1));
        assertThat(db.services().stores().users().findByUsername("bob").orElseThrow().disabled()).isFalse();
    }

    private static final String PROFILE = """
            users:
              - username: carol
                name: Carol Danvers
                given_name: Carol
                email: carol@example.com
                email_verified: true
                birthdate: "1968-03-01"
                phone_number: "+1 415 555 0100"
                locale: en-US
                address:
                  street_address: |-
                    1 Main Street
                    Apt 2
                  locality: Boston
                  postal_code: "02139"
                  country: US
            """;

    @Test
    void profileClaimsAreProvisionedAndAnUnchangedFileWritesNothing() throws IOException {
        Provisioning.Result first = apply(PROFILE, Map.of());
        int events = db.audit().size();

        Provisioning.Result second = apply(PROFILE, Map.of());

        assertThat(first).isEqualTo(new Provisioning.Result(0, 1));
        assertThat(second).isEqualTo(new Provisioning.Result(0, 0));
        assertThat(db.audit()).hasSize(events);
        UserProfile carol = db.services().stores().users().findByUsername("carol").orElseThrow().profile();
        assertThat(carol).isEqualTo(new UserProfile("Carol Danvers", "Carol", null, null, null, null, null, null, null,
                "carol@example.com", true, null, "1968-03-01", null, "en-US", "+1 415 555 0100", null,
                new UserProfile.Address(null, "1 Main Street\nApt 2", "Boston", null, "02139", "US")));
    }

    @Test
    void claimsLeftOutKeepTheirValuesAndNullClearsThem() throws IOException {
        apply(PROFILE, Map.of());
        db.services().users().updateProfile(db.services().stores().users().findByUsername("carol").orElseThrow().id(),
                new ProfilePatch(Map.of("nickname", "Captain")), "admin");

        Provisioning.Result changed = apply("""
                users:
                  - username: carol
                    email: carol@example.org
                    given_name: ~
                    address:
                      locality: Cambridge
                      postal_code:
                """, Map.of());

        assertThat(changed).isEqualTo(new Provisioning.Result(0, 1));
        UserProfile carol = db.services().stores().users().findByUsername("carol").orElseThrow().profile();
        assertThat(carol.email()).isEqualTo("carol@example.org");
        assertThat(carol.givenName()).isNull();
        assertThat(carol.name()).isEqualTo("Carol Danvers");
        assertThat(carol.nickname()).isEqualTo("Captain");
        assertThat(carol.address()).isEqualTo(new UserProfile.Address(null, "1 Main Street\nApt 2", "Cambridge", null,
                null, "US"));
        assertThat(db.audit().getFirst().type()).isEqualTo("user.updated");
    }

    @Test
    void entryTheIssuerRefusesIsNamedInTheError() throws IOException {
        String file = """
                clients:
                  - client_id: batch
                    auth_methods: [private_key_jwt]
                    jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}'
                """;

        assertThatThrownBy(() -> apply(file, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (batch): field jwks:");
    }

    @Test
    void failedApplyLeavesNothingHalfWritten() throws IOException {
        String file = """
                clients:
                  - client_id: fine
                    type: public
                  - client_id: batch
                    auth_methods: [private_key_jwt]
                    jwks: 'not json'
                """;

        assertThatThrownBy(() -> apply(file, Map.of())).isInstanceOf(ProvisioningException.class);

        assertThat(db.services().clients().find("fine")).isEmpty();
    }

    @Test
    void fileThatTakesTheRoleFromTheLastEnabledAdminIsRefusedAndNothingOfItApplied() throws IOException {
        apply(ADMINS.formatted("[admin]", "false", "[viewer]", "false"), Map.of());

        for (String file : List.of(ADMINS.formatted("[viewer]", "false", "[viewer]", "false"),
                ADMINS.formatted("[admin]", "true", "[viewer]", "false"),
                ADMINS.formatted("[admin]", "true", "[admin]", "true"))) {
            assertThatThrownBy(() -> apply(file, Map.of()))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("provisioning.yaml")
                    .hasMessageContaining("no enabled user with the admin role");

            User root = db.services().stores().users().findByUsername("root").orElseThrow();
            assertThat(root.roles()).containsExactly("admin");
            assertThat(root.disabled()).isFalse();
            assertThat(db.services().stores().users().findByUsername("deputy").orElseThrow().roles())
                    .containsExactly("viewer");
        }
    }

    @Test
    void fileMayMoveTheAdminRoleToAnotherUserWhicheverEntryComesFirst() throws IOException {
        apply(ADMINS.formatted("[admin]", "false", "[viewer]", "false"), Map.of());

        apply(ADMINS.formatted("[viewer]", "false", "[admin]", "false"), Map.of());
        apply(ADMINS.formatted("[admin]", "true", "[admin]", "false"), Map.of());

        User root = db.services().stores().users().findByUsername("root").orElseThrow();
        User deputy = db.services().stores().users().findByUsername("deputy").orElseThrow();
        assertThat(root.disabled()).isTrue();
        assertThat(deputy.roles()).containsExactly("admin");
        assertThat(deputy.disabled()).isFalse();
    }

    @Test
    void fileWithOnlyADisabledAdminOnAnEmptyDatabaseIsApplied() throws IOException {
        apply(ADMINS.formatted("[admin]", "true", "[viewer]", "false"), Map.of());

        assertThat(db.services().stores().users().findByUsername("root").orElseThrow().disabled()).isTrue();
    }

    @Test
    void unsafeRedirectUriIsRefusedNamingTheEntryAndTheField() {
        for (String uri : List.of("javascript:alert(1)", "http://app.example/cb", "https://*.example.com/cb",
                "https://user@app.example/cb", "com.example.app://cb")) {
            String file = """
                    clients:
                      - client_id: app
                        type: public
                        redirect_uris: ["%s"]
                    """.formatted(uri);

            assertThatThrownBy(() -> apply(file, Map.of())).as(uri)
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("clients[0] (app): field redirect_uris: ");
        }
        assertThat(db.services().clients().find("app")).isEmpty();
    }

    @Test
    void clientStoredBeforeWithAnUnsafeRedirectUriIsRefusedWhenTheFileStillSaysIt() {
        OAuthClient old = TestClients.publicClient("legacy").name("legacy").noAudience()
                .redirectUri("http://app.example/cb").createdAt(Instant.EPOCH).build();
        db.services().stores().clients().create(old);
        String file = """
                clients:
                  - client_id: legacy
                    type: public
                    redirect_uris: ["http://app.example/cb"]
                """;

        assertThatThrownBy(() -> apply(file, Map.of())).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (legacy): field redirect_uris: ");
    }

    @Test
    void safeRedirectUrisAreProvisioned() throws IOException {
        apply("""
                clients:
                  - client_id: app
                    type: public
                    redirect_uris: ["https://app.example/cb", "http://127.0.0.1:8400/cb", "com.example.app:/cb"]
                """, Map.of());

        assertThat(db.services().clients().find("app").orElseThrow().redirectUris()).hasSize(3);
    }

    @Test
    void browserClientIsProvisionedAndApplyingAgainWritesNothing() throws IOException {
        String file = """
                clients:
                  - client_id: web
                    type: public
                    grant_types: [authorization_code, refresh_token]
                    redirect_uris: ["https://web.example/callback"]
                    post_logout_redirect_uris: ["https://web.example/signed-out"]
                    backchannel_logout_uri: "https://web.example/backchannel-logout"
                    consent: skip
                """;

        apply(file, Map.of());
        Provisioning.Result again = apply(file, Map.of());

        var browser = db.services().clients().find("web").orElseThrow().browser();
        assertThat(browser.postLogoutRedirectUris()).hasSize(1);
        assertThat(browser.backchannelLogoutUri()).hasToString("https://web.example/backchannel-logout");
        assertThat(browser.consent().value()).isEqualTo("skip");
        assertThat(again.clientsWritten()).isZero();
    }

    @Test
    void browserSignInValuesTheIssuerRefusesAreNamedWithTheEntry() {
        Map<String, String> refusals = Map.of(
                "post_logout_redirect_uris: [\"http://web.example/out\"]", "post_logout_redirect_uris",
                "backchannel_logout_uri: \"https://web.example/bc#x\"", "backchannel_logout_uri",
                "require_pkce: false", "require_pkce",
                "grant_types: [authorization_code]", "redirect_uris");
        refusals.forEach((line, field) -> assertThatThrownBy(() -> apply("""
                clients:
                  - client_id: web
                    type: public
                    %s
                """.formatted(line), Map.of())).as(line).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (web): field " + field + ": "));
        assertThat(db.services().clients().find("web")).isEmpty();
    }

    @Test
    void aThousandRolesScopesOrAudiencesAreRefusedNamingTheEntryAndTheList() {
        String thousand = String.join(", ", java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "w" + i).toList());
        for (String field : List.of("roles", "scopes", "audiences")) {
            String file = """
                    clients:
                      - client_id: crowded
                        type: public
                        %s: [%s]
                    """.formatted(field, thousand);

            assertThatThrownBy(() -> apply(file, Map.of())).as(field)
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("clients[0] (crowded): field " + field + ": at most ");
        }
        String users = """
                users:
                  - username: crowded
                    roles: [%s]
                """.formatted(thousand);

        assertThatThrownBy(() -> apply(users, Map.of())).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("users[0] (crowded): field roles: at most ");
        assertThat(db.services().clients().find("crowded")).isEmpty();
        assertThat(db.services().stores().users().findByUsername("crowded")).isEmpty();
    }

    @Test
    void refreshIdleLifetimeLongerThanTheAbsoluteOneIsRefused() {
        String file = """
                clients:
                  - client_id: app
                    type: public
                    refresh_idle_ttl: 2d
                    refresh_absolute_ttl: 1d
                """;

        assertThatThrownBy(() -> apply(file, Map.of())).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("clients[0] (app): field refresh_idle_ttl: ");
    }

    private Provisioning.Result apply(String yaml, Map<String, String> env) throws IOException {
        Path file = Files.writeString(dir.resolve("provisioning.yaml"), yaml);
        ProvisioningPlan plan = ProvisioningFile.parse(file, env);
        return new Provisioning(db.services()).apply(plan);
    }
}

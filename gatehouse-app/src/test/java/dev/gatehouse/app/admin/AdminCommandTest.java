package dev.gatehouse.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.app.Launch;
import dev.gatehouse.app.Main;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.config.Settings;
import dev.gatehouse.app.serve.Gatehouse;
import dev.gatehouse.app.testing.FreePort;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.user.UserProfile;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin command line against a real issuer on a free port. */
class AdminCommandTest {
    private static final String ADMIN_PASSWORD = "admin-password-1";

    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.startingNow();
    Gatehouse gatehouse;
    String url;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void startIssuer() {
        int port = FreePort.find();
        url = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>();
        env.put("GATEHOUSE_DEV", "true");
        env.put("GATEHOUSE_DATA_DIR", dir.resolve("data").toString());
        env.put("GATEHOUSE_PORT", Integer.toString(port));
        env.put("GATEHOUSE_ARGON2_MEMORY_KIB", "8192");
        env.put("GATEHOUSE_ARGON2_ITERATIONS", "1");
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        gatehouse = Gatehouse.start(GatehouseConfig.from(Settings.load(env, Map.of(), null)), env,
                new PrintWriter(new StringWriter()), clock);
    }

    @AfterEach
    void stopIssuer() {
        gatehouse.close();
    }

    @Test
    void loginKeepsTheTokensOwnerOnlyAndUsersListShowsTheAdministrator() throws Exception {
        int login = admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");
        Path stored = dir.resolve("config/gatehouse/credentials.json");

        assertThat(login).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Logged in to " + url + " as admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");

        int list = admin("", "users", "list");

        assertThat(list).as(err.toString()).isZero();
        JsonNode page = new ObjectMapper().readTree(out.toString());
        assertThat(page.path("items").findValuesAsText("username")).contains("admin");
        assertThat(page.path("total").asInt()).isEqualTo(1);
    }

    @Test
    void loginWithPrintPrintsTheAccessTokenAndStoresNothing() {
        int code = admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin", "--print");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().trim()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(dir.resolve("config/gatehouse/credentials.json")).doesNotExist();
    }

    @Test
    void loginWithWrongPasswordFailsWithTheServersAnswer() {
        int code = admin("wrong-password\n", "login", "--url", url, "--password-stdin");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("POST /api/v1/login answered 401");
        assertThat(dir.resolve("config/gatehouse/credentials.json")).doesNotExist();
    }

    @Test
    void createdUserCanBeDisabledByUsername() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int create = admin("alice-password-1\n", "users", "create", "alice", "--role", "orders-reader", "--password-stdin");
        int disable = admin("", "users", "disable", "alice");

        assertThat(create).as(err.toString()).isZero();
        assertThat(disable).as(err.toString()).isZero();
        assertThat(gatehouse.services().stores().users().findByUsername("alice").orElseThrow().disabled()).isTrue();
    }

    @Test
    void profileClaimsAreSetAtCreationThenChangedAndClearedByUpdate() throws Exception {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int create = admin("alice-password-1\n", "users", "create", "alice", "--password-stdin", "--name", "Alice Liddell",
                "--given-name", "Alice", "--email", "alice@example.com", "--email-verified", "--locale", "en-GB",
                "--zoneinfo", "Europe/London", "--phone-number", "+44 20 7946 0958", "--phone-number-verified=false",
                "--street-address", "1 Oxford Road\\nFlat 2", "--locality", "Oxford", "--country", "GB");

        assertThat(create).as(err.toString()).isZero();
        JsonNode created = new ObjectMapper().readTree(out.toString());
        assertThat(created.path("email").asText()).isEqualTo("alice@example.com");
        assertThat(created.path("email_verified").asBoolean()).isTrue();
        assertThat(created.path("phone_number_verified").isBoolean()).isTrue();
        assertThat(created.path("phone_number_verified").asBoolean()).isFalse();
        UserProfile stored = gatehouse.services().stores().users().findByUsername("alice").orElseThrow().profile();
        assertThat(stored.name()).isEqualTo("Alice Liddell");
        assertThat(stored.address()).isEqualTo(new UserProfile.Address(null, "1 Oxford Road\nFlat 2", "Oxford", null,
                null, "GB"));

        int update = admin("", "users", "update", "alice", "--email", "alice@example.org", "--email-verified=false",
                "--clear", "given_name", "--clear", "address.locality", "--region", "Oxfordshire");

        assertThat(update).as(err.toString()).isZero();
        UserProfile updated = gatehouse.services().stores().users().findByUsername("alice").orElseThrow().profile();
        assertThat(updated.email()).isEqualTo("alice@example.org");
        assertThat(updated.emailVerified()).isFalse();
        assertThat(updated.givenName()).isNull();
        assertThat(updated.name()).isEqualTo("Alice Liddell");
        assertThat(updated.locale()).isEqualTo("en-GB");
        assertThat(updated.address()).isEqualTo(new UserProfile.Address(null, "1 Oxford Road\nFlat 2", null,
                "Oxfordshire", null, "GB"));

        assertThat(admin("", "users", "update", "alice", "--clear", "address")).as(err.toString()).isZero();
        assertThat(gatehouse.services().stores().users().findByUsername("alice").orElseThrow().profile().address())
                .isNull();
    }

    @Test
    void invalidProfileClaimIsRefusedNamingItAndAnUpdateWithoutClaimsChangesNothing() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");
        admin("alice-password-1\n", "users", "create", "alice", "--password-stdin");

        int badEmail = admin("", "users", "update", "alice", "--email", "not-an-address");
        String badEmailError = err.toString();
        int nothing = admin("", "users", "update", "alice");
        String nothingError = err.toString();
        int both = admin("", "users", "update", "alice", "--email", "a@example.com", "--clear", "email");

        assertThat(badEmail).isNotZero();
        assertThat(badEmailError).contains("email");
        assertThat(nothing).isNotZero();
        assertThat(nothingError).contains("nothing to change");
        assertThat(both).isNotZero();
        assertThat(err.toString()).contains("email is both set and cleared");
        assertThat(gatehouse.services().stores().users().findByUsername("alice").orElseThrow().profile())
                .isEqualTo(UserProfile.EMPTY);
    }

    @Test
    void clientIsCreatedWithSecretShownOnceThenRotatedAndDeleted() throws Exception {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int create = admin("", "clients", "create", "reporting", "--scope", "orders:read", "--audience",
                "https://orders.internal", "--access-token-ttl", "10m", "--refresh-grace-period", "0s");
        Duration grace = gatehouse.services().clients().find("reporting").orElseThrow().refreshGracePeriod();
        String secret = new ObjectMapper().readTree(out.toString()).path("client_secret").asText();
        int rotate = admin("", "clients", "rotate-secret", "reporting");
        String rotated = new ObjectMapper().readTree(out.toString()).path("client_secret").asText();
        int delete = admin("", "clients", "delete", "reporting");

        assertThat(create).as(err.toString()).isZero();
        assertThat(secret).isNotBlank();
        assertThat(grace).isZero();
        assertThat(rotate).as(err.toString()).isZero();
        assertThat(rotated).isNotBlank().isNotEqualTo(secret);
        assertThat(delete).as(err.toString()).isZero();
        assertThat(gatehouse.services().clients().find("reporting")).isEmpty();
    }

    @Test
    void sessionsKeysAndAuditAreListed() throws Exception {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int sessions = admin("", "sessions", "list", "admin");
        JsonNode sessionList = new ObjectMapper().readTree(out.toString());
        int rotate = admin("", "keys", "rotate", "--algorithm", "EdDSA");
        int keys = admin("", "keys", "list");
        String keyList = out.toString();
        int audit = admin("", "audit", "--type", "user.created", "--limit", "10");

        assertThat(sessions).as(err.toString()).isZero();
        assertThat(sessionList.path("items")).hasSize(1);
        assertThat(rotate).as(err.toString()).isZero();
        assertThat(keys).as(err.toString()).isZero();
        assertThat(keyList).contains("EdDSA");
        assertThat(audit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("user.created");
    }

    @Test
    void revokeAllEndsTheAdministratorsOwnSessions() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int revoke = admin("", "sessions", "revoke-all", "admin");
        int after = admin("", "keys", "list");

        assertThat(revoke).as(err.toString()).isZero();
        assertThat(after).as("the stored login was revoked with the sessions").isEqualTo(1);
        assertThat(err.toString()).contains("401");
    }

    @Test
    void unknownUserIsReportedByName() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int code = admin("", "users", "disable", "nobody");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no user named nobody");
    }

    @Test
    void expiredAccessTokenIsRefreshedAndTheNewTokensAreKept() throws Exception {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");
        CredentialsFile file = CredentialsFile.forUser(Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString()));
        Credentials before = file.read().orElseThrow();
        clock.advance(Duration.ofMinutes(30));

        int code = admin("", "users", "list");

        assertThat(code).as(err.toString()).isZero();
        Credentials after = file.read().orElseThrow();
        assertThat(after.accessToken()).isNotEqualTo(before.accessToken());
        assertThat(after.refreshToken()).isNotEqualTo(before.refreshToken());
    }

    @Test
    void withoutLoginCommandsSayHowToLogIn() {
        int code = admin("", "keys", "list");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("not logged in").contains("gatehouse admin login");
    }

    @Test
    void storedLoginForAnotherIssuerIsNotSentElsewhere() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int code = admin("", "keys", "list", "--url", "http://127.0.0.1:1");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("the stored login is for " + url);
    }

    @Test
    void tokenFromEnvironmentIsUsedWithoutStoredLogin() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin", "--print");
        String token = out.toString().trim();

        int code = adminWithEnv(Map.of("GATEHOUSE_TOKEN", token, "GATEHOUSE_URL", url), "", "keys", "list");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("kid");
    }

    @Test
    void clientWithUnsafeRedirectUriIsRefusedNamingTheField() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        for (String uri : List.of("javascript:alert(1)", "http://app.example/cb", "https://a@app.example/cb")) {
            int code = admin("", "clients", "create", "webapp", "--type", "public", "--redirect-uri", uri);

            assertThat(code).as(uri).isEqualTo(1);
            assertThat(err.toString()).as(uri).contains("answered 400").contains("redirect_uris: ");
        }
        assertThat(gatehouse.services().clients().find("webapp")).isEmpty();
    }

    @Test
    void userOrClientWithAThousandRolesOrScopesIsRefusedNamingTheList() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");
        List<String> user = new ArrayList<>(List.of("users", "create", "crowded", "--password-stdin"));
        List<String> client = new ArrayList<>(List.of("clients", "create", "crowded"));
        for (int i = 0; i < 1000; i++) {
            user.addAll(List.of("--role", "r" + i));
            client.addAll(List.of("--scope", "s" + i));
        }

        int userCode = admin("crowded-password-1\n", user.toArray(String[]::new));
        String userError = err.toString();
        int clientCode = admin("", client.toArray(String[]::new));

        assertThat(userCode).isEqualTo(1);
        assertThat(userError).contains("answered 400").contains("roles: at most");
        assertThat(clientCode).isEqualTo(1);
        assertThat(err.toString()).contains("answered 400").contains("scopes: at most");
        assertThat(gatehouse.services().stores().users().findByUsername("crowded")).isEmpty();
        assertThat(gatehouse.services().clients().find("crowded")).isEmpty();
    }

    @Test
    void browserClientIsCreatedWithItsSignInSettingsAndUpdated() throws Exception {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");

        int create = admin("", "clients", "create", "shop", "--grant", "authorization_code", "--grant", "refresh_token",
                "--scope", "openid", "--redirect-uri", "https://shop.example/callback",
                "--post-logout-redirect-uri", "https://shop.example/signed-out",
                "--backchannel-logout-uri", "https://shop.example/backchannel-logout", "--consent", "skip",
                "--require-par", "--no-require-pkce");
        var created = gatehouse.services().clients().find("shop").orElseThrow().browser();
        int update = admin("", "clients", "update", "shop", "--consent", "ask", "--backchannel-logout-uri", "",
                "--post-logout-redirect-uri", "https://shop.example/bye", "--no-require-par", "--require-pkce");
        JsonNode updated = new ObjectMapper().readTree(out.toString());
        int get = admin("", "clients", "get", "shop");

        assertThat(create).as(err.toString()).isZero();
        assertThat(created.postLogoutRedirectUris()).hasSize(1);
        assertThat(created.backchannelLogoutUri()).hasToString("https://shop.example/backchannel-logout");
        assertThat(created.consent().value()).isEqualTo("skip");
        assertThat(created.requirePushedAuthorizationRequests()).isTrue();
        assertThat(created.requirePkce()).isFalse();
        assertThat(update).as(err.toString()).isZero();
        assertThat(updated.path("consent").asText()).isEqualTo("ask");
        assertThat(updated.has("backchannel_logout_uri")).isFalse();
        assertThat(updated.path("post_logout_redirect_uris").toString()).isEqualTo("[\"https://shop.example/bye\"]");
        assertThat(updated.path("require_pushed_authorization_requests").asBoolean()).isFalse();
        assertThat(updated.path("require_pkce").asBoolean()).isTrue();
        assertThat(updated.path("redirect_uris").toString()).isEqualTo("[\"https://shop.example/callback\"]");
        assertThat(get).as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(out.toString())).isEqualTo(updated);
    }

    @Test
    void clientUpdateNamesTheRefusedFieldAndNeedsAChange() {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");
        admin("", "clients", "create", "app", "--type", "public");

        int refused = admin("", "clients", "update", "app", "--no-require-pkce");
        String refusal = err.toString();
        int empty = admin("", "clients", "update", "app");

        assertThat(refused).isNotZero();
        assertThat(refusal).contains("require_pkce");
        assertThat(empty).isNotZero();
        assertThat(err.toString()).contains("nothing to change");
    }

    @Test
    void usersConsentsAreListedAndRevoked() throws Exception {
        admin(ADMIN_PASSWORD + "\n", "login", "--url", url, "--password-stdin");
        admin("", "clients", "create", "photos", "--type", "public", "--grant", "authorization_code",
                "--redirect-uri", "https://photos.example/cb");
        String adminId = gatehouse.services().stores().users().findByUsername("admin").orElseThrow().id();
        gatehouse.services().stores().consents().save(new dev.gatehouse.core.consent.Consent(adminId, "photos",
                java.util.Set.of("openid"), java.time.Instant.parse("2030-01-01T00:00:00Z")));

        int list = admin("", "users", "consents", "admin");
        JsonNode listed = new ObjectMapper().readTree(out.toString());
        int revoke = admin("", "users", "revoke-consent", "admin", "photos");
        String revoked = out.toString();
        int again = admin("", "users", "revoke-consent", "admin", "photos");

        assertThat(list).as(err.toString()).isZero();
        assertThat(listed.path("items").findValuesAsText("client_id")).containsExactly("photos");
        assertThat(revoke).as(err.toString()).isZero();
        assertThat(revoked).contains("revoked");
        assertThat(gatehouse.services().stores().consents().find(adminId, "photos")).isEmpty();
        assertThat(again).isNotZero();
    }

    private int admin(String stdin, String... args) {
        return adminWithEnv(Map.of(), stdin, args);
    }

    private int adminWithEnv(Map<String, String> extraEnv, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cmd = Main.commandLine(new Launch(env, clock,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), g -> { }));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "admin";
        System.arraycopy(args, 0, full, 1, args.length);
        return cmd.execute(full);
    }
}

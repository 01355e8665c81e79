package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.client.testing.TokenSpellings;
import dev.gatehouse.core.user.ProfilePatch;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserProfile;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserinfoEndpointTest {
    static final String PASSWORD = "correct horse battery";
    static final UserProfile FULL = new UserProfile("Alice Q. Liddell", "Alice", "Liddell", "Quinn", "Al", "alice.l",
            "https://example.com/alice", "https://example.com/alice.png", "http://alice.example", "alice@example.com",
            true, "female", "1852-05-04", "Europe/London", "en-GB", "+44 20 7946 0958", false,
            new UserProfile.Address(null, "1 Oxford Road\nFlat 2", "Oxford", null, "OX1 1AA", "GB"));

    @TempDir
    Path dir;

    MutableClock clock = MutableClock.startingNow();
    TestIssuer issuer;
    OAuthHttp http;
    String appSecret;
    User alice;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir, clock, UnaryOperator.identity());
        http = new OAuthHttp(issuer.baseUri());
        appSecret = issuer.register(TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid", "orders:read", "profile", "email", "address", "phone").build());
        alice = issuer.createUser("alice", PASSWORD, Set.of("reader"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void returnsTheUsersCurrentClaims() throws Exception {
        String access = login("openid profile");
        issuer.services().users().setRoles(alice.id(), Set.of("reader", "auditor"), "test");

        HttpResponse<String> response = http.userinfo(access);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        UserInfo info = parse(response);
        assertThat(info.getSubject().getValue()).isEqualTo(alice.id());
        assertThat(info.getPreferredUsername()).isEqualTo("alice");
        assertThat(info.getStringListClaim("roles")).containsExactly("auditor", "reader");
    }

    @Test
    void acceptsPostWithTheTokenInTheHeader() throws Exception {
        String access = login("openid profile");

        HttpResponse<String> response = http.post(Endpoints.USERINFO, "", "Authorization", "Bearer " + access);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response).getPreferredUsername()).isEqualTo("alice");
    }

    @Test
    void acceptsPostWithTheTokenInAFormBody() throws Exception {
        String access = login("openid profile");

        HttpResponse<String> response = http.post(Endpoints.USERINFO, OAuthHttp.form("access_token", access));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response).getSubject().getValue()).isEqualTo(alice.id());
        assertThat(parse(response).getPreferredUsername()).isEqualTo("alice");
    }

    @Test
    void formBodyIsReadOnlyFromAFormEncodedPost() {
        String access = login("openid");
        String body = OAuthHttp.form("access_token", access);

        HttpResponse<String> get = http.send(http.request(Endpoints.USERINFO).header("Content-Type", OAuthHttp.FORM)
                .method("GET", HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> json = http.postRaw(Endpoints.USERINFO, HttpRequest.BodyPublishers.ofString(body),
                "Content-Type", "application/json");
        HttpResponse<String> multipart = http.postRaw(Endpoints.USERINFO, HttpRequest.BodyPublishers.ofString(body),
                "Content-Type", "multipart/form-data; boundary=x");

        for (HttpResponse<String> response : List.of(get, json, multipart)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatehouse\"");
        }
    }

    @Test
    void tokenSentInTwoWaysIsInvalidRequest() {
        String access = login("openid");
        String body = OAuthHttp.form("access_token", access);

        HttpResponse<String> headerAndBody = http.post(Endpoints.USERINFO, body, "Authorization", "Bearer " + access);
        HttpResponse<String> headerAndQuery = http.get(Endpoints.USERINFO + "?access_token=" + access,
                "Authorization", "Bearer " + access);
        HttpResponse<String> bodyAndQuery = http.post(Endpoints.USERINFO + "?access_token=" + access, body);
        HttpResponse<String> bodyTwice = http.post(Endpoints.USERINFO, body + "&" + body);

        for (HttpResponse<String> response : List.of(headerAndBody, headerAndQuery, bodyAndQuery, bodyTwice)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Bearer ").contains("error=\"invalid_request\""));
            assertThat(json(response)).containsEntry("error", "invalid_request");
        }
    }

    @Test
    void invalidTokenInAFormBodyIsInvalidToken() {
        assertInvalidToken(http.post(Endpoints.USERINFO, OAuthHttp.form("access_token", "not-a-token")));
    }

    @Test
    void openidAloneReleasesSubAndRolesOnly() {
        issuer.services().users().updateProfile(alice.id(), new ProfilePatch(FULL.claims()), "test");

        HttpResponse<String> response = http.userinfo(login("openid"));

        assertThat(json(response)).containsOnlyKeys("sub", "roles");
    }

    @Test
    void eachScopeReleasesItsClaimsAsOpenIdConnectCoreSaysAndNothingElse() throws Exception {
        User updated = issuer.services().users().updateProfile(alice.id(), new ProfilePatch(FULL.claims()), "test")
                .orElseThrow();

        UserInfo profile = parse(http.userinfo(login("openid profile")));
        assertThat(profile.toJSONObject().keySet()).containsExactlyInAnyOrder("sub", "roles", "name", "given_name",
                "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website",
                "gender", "birthdate", "zoneinfo", "locale", "updated_at");
        assertThat(profile.getName()).isEqualTo("Alice Q. Liddell");
        assertThat(profile.getPreferredUsername()).isEqualTo("alice.l");
        assertThat(profile.getZoneinfo()).isEqualTo("Europe/London");
        assertThat(profile.getLocale()).isEqualTo("en-GB");
        assertThat(profile.getUpdatedTime().toInstant().getEpochSecond()).isEqualTo(updated.updatedAt().getEpochSecond());

        UserInfo email = parse(http.userinfo(login("openid email")));
        assertThat(email.toJSONObject().keySet()).containsExactlyInAnyOrder("sub", "roles", "email", "email_verified");
        assertThat(email.getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(email.getEmailVerified()).isTrue();

        UserInfo phone = parse(http.userinfo(login("openid phone")));
        assertThat(phone.toJSONObject().keySet()).containsExactlyInAnyOrder("sub", "roles", "phone_number",
                "phone_number_verified");
        assertThat(phone.getPhoneNumber()).isEqualTo("+44 20 7946 0958");
        assertThat(phone.getPhoneNumberVerified()).isFalse();

        UserInfo address = parse(http.userinfo(login("openid address")));
        assertThat(address.toJSONObject().keySet()).containsExactlyInAnyOrder("sub", "roles", "address");
        assertThat(address.getAddress().getStreetAddress()).isEqualTo("1 Oxford Road\nFlat 2");
        assertThat(address.getAddress().getLocality()).isEqualTo("Oxford");
        assertThat(address.getAddress().getCountry()).isEqualTo("GB");
        assertThat(address.getAddress().getRegion()).isNull();
    }

    @Test
    void claimsWithoutAValueAreLeftOut() throws Exception {
        UserInfo info = parse(http.userinfo(login("openid profile email address phone")));

        assertThat(info.toJSONObject().keySet()).containsExactlyInAnyOrder("sub", "roles", "preferred_username",
                "updated_at");
    }

    @Test
    void changedProfileIsAnsweredAtOnceWithTheSameToken() throws Exception {
        String access = login("openid email");
        assertThat(parse(http.userinfo(access)).getEmailAddress()).isNull();

        issuer.services().users().updateProfile(alice.id(), new ProfilePatch(Map.of("email", "a@example.org")), "test");

        assertThat(parse(http.userinfo(access)).getEmailAddress()).isEqualTo("a@example.org");
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        String access = login("openid");

        HttpResponse<String> response = http.get(Endpoints.USERINFO, "Authorization", "bearer " + access);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void missingTokenIsChallengedWithoutErrorCode() {
        HttpResponse<String> none = http.get(Endpoints.USERINFO);
        HttpResponse<String> basic = http.get(Endpoints.USERINFO, "Authorization", OAuthHttp.basic("app", appSecret));

        for (HttpResponse<String> response : List.of(none, basic)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatehouse\"");
        }
    }

    @Test
    void tokenInTheQueryStringIsNotAccepted() {
        String access = login("openid");

        HttpResponse<String> response = http.get(Endpoints.USERINFO + "?access_token=" + access);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatehouse\"");
    }

    @Test
    void invalidTokenIsChallengedAsInvalidToken() {
        HttpResponse<String> response = http.userinfo("not-a-token");

        assertInvalidToken(response);
        assertThat(json(response)).containsEntry("error", "invalid_token");
    }

    @Test
    void otherSpellingsOfAValidTokenAreInvalidTokens() {
        String access = login("openid");
        assertThat(http.userinfo(access).statusCode()).isEqualTo(200);

        for (String spelling : TokenSpellings.of(access)) {
            assertInvalidToken(http.userinfo(spelling));
        }
    }

    @Test
    void expiredTokenIsInvalidToken() {
        String access = login("openid");

        clock.advance(Duration.ofMinutes(6));

        assertInvalidToken(http.userinfo(access));
    }

    @Test
    void revokedTokenIsInvalidToken() {
        String access = login("openid");

        http.revoke("app", appSecret, access);

        assertInvalidToken(http.userinfo(access));
    }

    @Test
    void idTokenIsNotAnAccessToken() {
        String idToken = (String) json(http.password("app", appSecret, "alice", PASSWORD, "openid")).get("id_token");

        assertInvalidToken(http.userinfo(idToken));
    }

    @Test
    void tokenOfAUserNoLongerEnabledIsInvalidToken() {
        String access = login("openid");
        // Straight to the store: the user check itself is under test, not the revocation that disabling triggers.
        issuer.services().stores().users().update(alice.withDisabled(true, clock.instant()));

        assertInvalidToken(http.userinfo(access));
    }

    @Test
    void tokenOfAClientWithoutAUserIsInvalidToken() {
        String secret = issuer.register(TestClients.confidential("robot").scope("openid").build());
        String access = http.clientCredentials("robot", secret);

        assertInvalidToken(http.userinfo(access));
    }

    @Test
    void tokenWithoutOpenidScopeIsInsufficientScope() {
        String access = login("orders:read");

        HttpResponse<String> response = http.userinfo(access);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer ").contains("error=\"insufficient_scope\"").contains("scope=\"openid\""));
    }

    private String login(String scope) {
        return OAuthHttp.accessToken(http.password("app", appSecret, "alice", PASSWORD, scope));
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer ").contains("error=\"invalid_token\""));
    }

    /** Reads the answer back the way a relying party's Nimbus client would. */
    private static UserInfo parse(HttpResponse<String> response) throws Exception {
        HTTPResponse nimbus = new HTTPResponse(response.statusCode());
        nimbus.setContentType(response.headers().firstValue("Content-Type").orElseThrow());
        nimbus.setBody(response.body());
        UserInfoResponse parsed = UserInfoResponse.parse(nimbus);
        assertThat(parsed.indicatesSuccess()).isTrue();
        return parsed.toSuccessResponse().getUserInfo();
    }
}

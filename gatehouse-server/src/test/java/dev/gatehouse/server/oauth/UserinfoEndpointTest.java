package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.client.testing.TokenSpellings;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserinfoEndpointTest {
    static final String PASSWORD = "correct horse battery";

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
                .scope("openid", "orders:read").build());
        alice = issuer.createUser("alice", PASSWORD, Set.of("reader"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void returnsTheUsersCurrentClaims() throws Exception {
        String access = login("openid");
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
        String access = login("openid");

        HttpResponse<String> response = http.post(Endpoints.USERINFO, "", "Authorization", "Bearer " + access);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response).getPreferredUsername()).isEqualTo("alice");
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

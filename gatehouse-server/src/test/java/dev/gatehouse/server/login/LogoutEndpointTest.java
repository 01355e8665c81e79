package dev.gatehouse.server.login;

import static dev.gatehouse.server.login.FirstPartyLogin.loginTokens;
import static dev.gatehouse.server.login.FirstPartyLogin.post;
import static dev.gatehouse.server.login.FirstPartyLogin.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.grant.GrantRequest;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogoutEndpointTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    private TestIssuer issuer;
    private OAuthClient firstParty;
    private User alice;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir);
        alice = issuer.createUser("alice", PASSWORD, Set.of());
        firstParty = issuer.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void logoutRevokesTheSessionItsAccessTokenAndItsRefreshToken() throws Exception {
        Tokens tokens = loginTokens(issuer, "alice", PASSWORD, "openid");
        String sid = issuer.services().verifier().verify(tokens.getAccessToken().getValue()).sid();

        HttpResponse<String> response = logout(tokens, null);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(issuer.services().stores().sessions().find(sid))
                .hasValueSatisfying(s -> assertThat(s.revokedAt()).isNotNull());
        assertThatThrownBy(() -> issuer.services().verifier().verify(tokens.getAccessToken().getValue()))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> refresh(tokens))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error().getCode()).isEqualTo("invalid_grant"));
    }

    @Test
    void logoutLeavesTheSubjectsOtherSessionsAlone() throws Exception {
        Tokens leaving = loginTokens(issuer, "alice", PASSWORD, "openid");
        Tokens staying = loginTokens(issuer, "alice", PASSWORD, "openid");

        assertThat(logout(leaving, null).statusCode()).isEqualTo(204);

        assertThatCode(() -> issuer.services().verifier().verify(staying.getAccessToken().getValue())).doesNotThrowAnyException();
        assertThat(refresh(staying).refreshToken()).isNotNull();
    }

    @Test
    void logoutWithAllRevokesEverySessionOfTheSubject() {
        Tokens first = loginTokens(issuer, "alice", PASSWORD, "openid");
        Tokens second = loginTokens(issuer, "alice", PASSWORD, "openid");

        assertThat(logout(first, "{\"all\":true}").statusCode()).isEqualTo(204);

        for (Tokens tokens : List.of(first, second)) {
            assertThatThrownBy(() -> issuer.services().verifier().verify(tokens.getAccessToken().getValue()))
                    .isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> refresh(tokens)).isInstanceOf(OAuthException.class);
        }
    }

    @Test
    void logoutWithAllFalseEndsOnlyThisSession() throws Exception {
        Tokens leaving = loginTokens(issuer, "alice", PASSWORD, "openid");
        Tokens staying = loginTokens(issuer, "alice", PASSWORD, "openid");

        assertThat(logout(leaving, "{\"all\":false}").statusCode()).isEqualTo(204);

        assertThatThrownBy(() -> issuer.services().verifier().verify(leaving.getAccessToken().getValue()))
                .isInstanceOf(InvalidTokenException.class);
        assertThatCode(() -> issuer.services().verifier().verify(staying.getAccessToken().getValue())).doesNotThrowAnyException();
    }

    @Test
    void logoutWithoutTokenIs401WithBareBearerChallenge() {
        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, null, "");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(problem(response)).containsEntry("status", 401L);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void logoutWithAnotherSchemeIs401WithBareBearerChallenge() {
        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, null, "", "Authorization", "Basic YWxpY2U6c2VjcmV0");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void logoutWithInvalidTokenIs401WithInvalidTokenChallenge() {
        for (String token : List.of("not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.", "a".repeat(4000))) {
            HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, null, "", "Authorization", "Bearer " + token);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(problem(response)).containsEntry("status", 401L);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        }
    }

    @Test
    void secondLogoutWithTheSameTokenIs401() {
        Tokens tokens = loginTokens(issuer, "alice", PASSWORD, "openid");
        assertThat(logout(tokens, null).statusCode()).isEqualTo(204);

        HttpResponse<String> again = logout(tokens, null);

        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @Test
    void clientCredentialsTokenHasNoSessionToEndAndIs400() {
        OAuthClient service = TestClients.confidential("orders").firstParty().build();
        issuer.register(service);
        String token = issuer.services().grants().handle(new GrantRequest(service, new ClientCredentialsGrant(), null,
                List.of(), "127.0.0.1", "test")).accessToken().value();

        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, null, "", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response)).containsEntry("status", 400L);
    }

    @Test
    void tokenSentToAResourceServerCannotEndTheUsersSessions() {
        OAuthClient spa = TestClients.publicClient("orders-spa").scope("openid").build();
        issuer.register(spa);
        String forOrdersApi = session(spa);
        Tokens own = loginTokens(issuer, "alice", PASSWORD, "openid");

        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, "application/json", "{\"all\":true}",
                "Authorization", "Bearer " + forOrdersApi);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(problem(response)).containsEntry("status", 403L);
        assertThatCode(() -> issuer.services().verifier().verify(forOrdersApi)).doesNotThrowAnyException();
        assertThatCode(() -> issuer.services().verifier().verify(own.getAccessToken().getValue())).doesNotThrowAnyException();
        assertThat(refresh(own).refreshToken()).isNotNull();
    }

    @Test
    void tokenOfAClientNoLongerFirstPartyIs403() {
        OAuthClient portal = TestClients.publicClient("portal").firstParty().scope("openid").build();
        issuer.register(portal);
        String token = session(portal);
        issuer.services().clients().upsert(TestClients.publicClient("portal").scope("openid").build(), "test");

        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, null, "", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThatCode(() -> issuer.services().verifier().verify(token)).doesNotThrowAnyException();
    }

    @Test
    void tokenOfAClientThatNoLongerExistsIs403() {
        issuer.register(TestClients.publicClient("kiosk").firstParty().scope("openid").build());
        String token = session(issuer.services().clients().find("kiosk").orElseThrow());
        issuer.services().stores().clients().delete("kiosk");

        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, null, "", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThatCode(() -> issuer.services().verifier().verify(token)).doesNotThrowAnyException();
    }

    @Test
    void tokenOfAnotherFirstPartyClientMayLogOut() {
        OAuthClient portal = TestClients.publicClient("portal").firstParty().scope("openid").build();
        issuer.register(portal);
        String token = session(portal);

        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, null, "", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> issuer.services().verifier().verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void mistypedOrMalformedBodyIs400AndKeepsTheSession() {
        Tokens tokens = loginTokens(issuer, "alice", PASSWORD, "openid");

        for (String body : List.of("{\"all\":\"yes\"}", "{\"all\":1}", "{\"everything\":true}", "[true]", "{")) {
            HttpResponse<String> response = logout(tokens, body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(problem(response)).containsEntry("status", 400L);
        }
        assertThatCode(() -> issuer.services().verifier().verify(tokens.getAccessToken().getValue())).doesNotThrowAnyException();
    }

    @Test
    void bodyThatIsNotJsonIs415() {
        Tokens tokens = loginTokens(issuer, "alice", PASSWORD, "openid");

        HttpResponse<String> response = post(issuer, Endpoints.LOGOUT, "application/x-www-form-urlencoded", "all=true",
                "Authorization", "Bearer " + tokens.getAccessToken().getValue());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(problem(response)).containsEntry("status", 415L);
    }

    private HttpResponse<String> logout(Tokens tokens, String json) {
        return post(issuer, Endpoints.LOGOUT, json == null ? null : "application/json", json == null ? "" : json,
                "Authorization", "Bearer " + tokens.getAccessToken().getValue());
    }

    /** An access token of a new session of alice at this client. */
    private String session(OAuthClient client) {
        return issuer.services().sessionTokens().login(alice, client, null, List.of(), "127.0.0.1", "test", "test")
                .accessToken().value();
    }

    /** The refresh_token grant as the token endpoint runs it. */
    private TokenResult refresh(Tokens tokens) {
        return issuer.services().grants().handle(new GrantRequest(firstParty, new RefreshTokenGrant(tokens.getRefreshToken()),
                null, List.of(), "127.0.0.1", "test"));
    }
}

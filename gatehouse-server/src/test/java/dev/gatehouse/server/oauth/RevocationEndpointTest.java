package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.basic;
import static dev.gatehouse.server.oauth.OAuthHttp.form;
import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationEndpointTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    TestIssuer issuer;
    OAuthHttp http;
    String appSecret;
    String otherSecret;
    String gatewaySecret;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        http = new OAuthHttp(issuer.baseUri());
        appSecret = issuer.register(TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid").build());
        otherSecret = issuer.register(TestClients.confidential("other").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid").build());
        issuer.register(TestClients.publicClient("spa").grant(GrantType.PASSWORD).scope("openid").build());
        gatewaySecret = issuer.register(TestClients.confidential("gateway").introspection().build());
        issuer.createUser("alice", PASSWORD, Set.of());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void revokingOwnRefreshTokenEndsItsFamilyAndSession() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid"));
        String refresh = (String) login.get("refresh_token");

        HttpResponse<String> response = http.revoke("app", appSecret, refresh);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(http.refresh("app", appSecret, refresh).statusCode()).isEqualTo(400);
        assertThat(introspect((String) login.get("access_token"))).containsEntry("active", false);
        assertThat(issuer.services().stores().audit().query(new AuditQuery(null, null, null, "revocation.revocation_endpoint", 10)))
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("client:app"));
    }

    @Test
    void revokingOwnAccessTokenTakesEffectAtOnce() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid"));
        String access = (String) login.get("access_token");
        assertThat(introspect(access)).containsEntry("active", true);

        HttpResponse<String> response = http.revoke("app", appSecret, access);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(introspect(access)).isEqualTo(Map.of("active", false));
        assertThat(http.userinfo(access).statusCode()).isEqualTo(401);
        assertThat(http.refresh("app", appSecret, (String) login.get("refresh_token")).statusCode())
                .as("revoking an access token leaves the session alone").isEqualTo(200);
    }

    @Test
    void tokenTypeHintIsOnlyAHint() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid"));
        String access = (String) login.get("access_token");
        String refresh = (String) login.get("refresh_token");

        http.post(Endpoints.REVOCATION, form("token", access, "token_type_hint", "refresh_token"),
                "Authorization", basic("app", appSecret));
        http.post(Endpoints.REVOCATION, form("token", refresh, "token_type_hint", "access_token"),
                "Authorization", basic("app", appSecret));

        assertThat(introspect(access)).containsEntry("active", false);
        assertThat(introspect(refresh)).containsEntry("active", false);
    }

    @Test
    void tokenOfAnotherClientIsNotRevokedYetTheAnswerIsTheSame() {
        Map<String, Object> login = json(http.password("app", appSecret, "alice", PASSWORD, "openid"));
        String access = (String) login.get("access_token");
        String refresh = (String) login.get("refresh_token");

        HttpResponse<String> revokeAccess = http.revoke("other", otherSecret, access);
        HttpResponse<String> revokeRefresh = http.revoke("other", otherSecret, refresh);
        HttpResponse<String> unknown = http.revoke("other", otherSecret, "no-such-token");

        assertThat(revokeAccess.statusCode()).isEqualTo(200);
        assertThat(revokeRefresh.statusCode()).isEqualTo(200);
        assertThat(revokeAccess.body()).isEqualTo(unknown.body());
        assertThat(revokeRefresh.body()).isEqualTo(unknown.body());
        assertThat(introspect(access)).containsEntry("active", true);
        assertThat(introspect(refresh)).containsEntry("active", true);
    }

    @Test
    void unknownOrMalformedTokenIsNotAnError() {
        for (String token : new String[] {"no-such-token", "a.b.c", "eyJhbGciOiJub25lIn0.e30."}) {
            assertThat(http.revoke("app", appSecret, token).statusCode()).as(token).isEqualTo(200);
        }
    }

    @Test
    void publicClientRevokesItsOwnTokenByClientId() {
        Map<String, Object> login = json(http.password("spa", null, "alice", PASSWORD, "openid"));
        String refresh = (String) login.get("refresh_token");

        assertThat(http.revoke("spa", null, refresh).statusCode()).isEqualTo(200);

        assertThat(http.refresh("spa", null, refresh).statusCode()).isEqualTo(400);
    }

    @Test
    void missingTokenIsInvalidRequest() {
        HttpResponse<String> response = http.post(Endpoints.REVOCATION, form("token_type_hint", "access_token"),
                "Authorization", basic("app", appSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void clientThatDoesNotAuthenticateIsInvalidClient() {
        String access = OAuthHttp.accessToken(http.password("app", appSecret, "alice", PASSWORD, "openid"));

        HttpResponse<String> anonymous = http.post(Endpoints.REVOCATION, form("token", access));
        HttpResponse<String> wrongSecret = http.revoke("app", "wrong", access);
        HttpResponse<String> confidentialById = http.post(Endpoints.REVOCATION, form("token", access, "client_id", "app"));

        for (HttpResponse<String> response : List.of(anonymous, wrongSecret, confidentialById)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response)).containsEntry("error", "invalid_client");
        }
        assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"gatehouse\"");
        assertThat(introspect(access)).containsEntry("active", true);
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        HttpResponse<String> response = http.post(Endpoints.REVOCATION, "token=a&token=b",
                "Authorization", basic("app", appSecret));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void getIsNotAllowed() {
        HttpResponse<String> response = http.get(Endpoints.REVOCATION);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    private Map<String, Object> introspect(String token) {
        return json(http.introspect("gateway", gatewaySecret, token));
    }
}

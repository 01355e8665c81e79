package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAuthTest {
    private static final String CHALLENGE = "Bearer realm=\"gatehouse\"";
    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";
    private static final String INSUFFICIENT = CHALLENGE + ", error=\"insufficient_scope\"";

    @TempDir
    Path dataDir;
    TestIssuer issuer;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void everyAdminRouteWithoutTokenThen401WithRealmChallenge() {
        AdminApi anonymous = AdminApi.anonymous(issuer);
        List<AdminRoutes.Route> secured = new AdminRoutes(issuer.services()).routes().stream()
                .filter(AdminRoutes.Route::authenticated).toList();
        assertThat(secured).hasSizeGreaterThan(15);

        for (AdminRoutes.Route route : secured) {
            String method = route.method().name();
            boolean hasBody = method.equals("POST") || method.equals("PUT");
            HttpResponse<String> r = anonymous.send(method, route.path().replaceAll("\\{[^}]+}", "x"),
                    hasBody ? "application/json" : null, hasBody ? "{}" : null);

            assertProblem(r, 401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(method + " " + route.path()).hasValue(CHALLENGE);
        }
        assertThat(issuer.services().stores().users().findByUsername("x")).isEmpty();
    }

    @Test
    void otherAuthorizationSchemeThen401WithoutErrorCode() {
        AdminApi anonymous = AdminApi.anonymous(issuer);
        HttpResponse<String> r = anonymous.send(
                anonymous.request("/users").header("Authorization", "Basic YWRtaW46YWRtaW4=").GET());

        assertProblem(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
    }

    @Test
    void malformedTokenThen401InvalidToken() {
        assertInvalidToken(AdminApi.withToken(issuer, "not-a-jwt").get("/users"));
        assertInvalidToken(AdminApi.withToken(issuer, "a.b.c").get("/users"));
    }

    @Test
    void tokenSignedWithAnotherKeyThen401() throws Exception {
        SignedJWT genuine = SignedJWT.parse(AdminApi.asNewAdmin(issuer).token());
        ECKey attackerKey = new ECKeyGenerator(Curve.P_256).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(genuine.getHeader(), genuine.getJWTClaimsSet());
        forged.sign(new ECDSASigner(attackerKey));

        assertInvalidToken(AdminApi.withToken(issuer, forged.serialize()).get("/users"));
    }

    @Test
    void expiredTokenThen401() {
        User admin = issuer.createUser("past-admin", "long enough secret", Set.of("admin"));
        String expired = AdminApi.login(issuer, admin).accessToken().value();
        issuer.clock().advance(Duration.ofMinutes(6));

        assertThatThrownBy(() -> issuer.services().verifier().verify(expired)).hasMessageContaining("xpired");
        assertInvalidToken(AdminApi.withToken(issuer, expired).get("/users"));
    }

    @Test
    void revokedTokenThen401() throws Exception {
        AdminApi revoker = AdminApi.asNewAdmin(issuer);
        AdminApi revoked = AdminApi.asNewAdmin(issuer);
        assertThat(revoked.get("/users").statusCode()).isEqualTo(200);
        String sid = issuer.services().verifier().verify(revoked.token()).sid();

        assertThat(revoker.delete("/sessions/" + sid).statusCode()).isEqualTo(204);

        assertInvalidToken(revoked.get("/users"));
        assertThat(revoker.get("/users").statusCode()).isEqualTo(200);
    }

    @Test
    void idTokenIsNoAccessTokenThen401() {
        User admin = issuer.createUser("id-token-admin", "long enough secret", Set.of("admin"));
        TokenResult tokens = AdminApi.login(issuer, admin);
        assertThat(tokens.idToken()).isNotNull();

        assertInvalidToken(AdminApi.withToken(issuer, tokens.idToken().value()).get("/users"));
    }

    @Test
    void userWithoutAdminRoleThen403() {
        User user = issuer.createUser("operator", "long enough secret", Set.of("ops"));
        String token = AdminApi.login(issuer, user).accessToken().value();

        HttpResponse<String> r = AdminApi.withToken(issuer, token).get("/users");

        assertProblem(r, 403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(INSUFFICIENT);
        assertProblem(AdminApi.withToken(issuer, token).post("/users", "{\"username\":\"sneaky\"}"), 403);
        assertThat(issuer.services().stores().users().findByUsername("sneaky")).isEmpty();
    }

    @Test
    void tokenForAnotherAudienceThen403() {
        User admin = issuer.createUser("api-admin", "long enough secret", Set.of("admin"));
        OAuthClient app = TestClients.publicClient("app").build();
        issuer.register(app);
        String token = issuer.services().sessionTokens().login(admin, app, null, List.of(), "192.0.2.1", "test", "login")
                .accessToken().value();

        HttpResponse<String> r = AdminApi.withToken(issuer, token).get("/users");

        assertProblem(r, 403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(INSUFFICIENT);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        AdminApi admin = AdminApi.asNewAdmin(issuer);

        AdminApi anonymous = AdminApi.anonymous(issuer);
        HttpResponse<String> r = anonymous.send(anonymous.request("/users")
                .header("Authorization", "bearer " + admin.token()).GET());

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void adminTokenIsAccepted() throws InvalidTokenException {
        AdminApi admin = AdminApi.asNewAdmin(issuer);

        assertThat(admin.get("/users").statusCode()).isEqualTo(200);
        assertThat(issuer.services().verifier().verify(admin.token()).audience()).contains(issuer.baseUri().toString());
    }

    @Test
    void openApiDocumentNeedsNoToken() {
        assertThat(AdminApi.anonymous(issuer).get(Endpoints.OPENAPI).statusCode()).isEqualTo(200);
    }

    private static void assertInvalidToken(HttpResponse<String> r) {
        assertProblem(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(INVALID_TOKEN);
    }
}

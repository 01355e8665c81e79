package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static dev.gatehouse.server.oauth.OAuthHttp.privateKeyJwtClientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 7523 3: a client assertion is accepted once, by whichever issuer node sees it, restarts included. */
class PrivateKeyJwtReplayTest {
    @TempDir
    Path dir;

    TestIssuer issuer;
    TestIssuer secondNode;
    String body;

    @BeforeEach
    void start() throws Exception {
        issuer = TestIssuer.start(dir);
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        issuer.register(TestClients.confidential("signer").authMethods(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .jwks(new JWKSet(key.toPublicJWK()).toString()).scope("orders:read").build());
        body = privateKeyJwtClientCredentials("signer", issuer.uri(Endpoints.TOKEN), key);
    }

    @AfterEach
    void stop() {
        if (secondNode != null) {
            secondNode.close();
        }
        issuer.close();
    }

    @Test
    void assertionReplayedAfterARestartIsInvalidClient() {
        assertThat(token(issuer).statusCode()).isEqualTo(200);

        issuer = issuer.restart();

        HttpResponse<String> replay = token(issuer);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(json(replay)).containsEntry("error", "invalid_client");
    }

    @Test
    void assertionReplayedAtASecondIssuerNodeIsInvalidClient() {
        secondNode = issuer.secondNode();
        assertThat(token(issuer).statusCode()).isEqualTo(200);

        HttpResponse<String> replay = token(secondNode);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(json(replay)).containsEntry("error", "invalid_client");
    }

    @Test
    void usedAssertionIdIsKeptUntilTheAssertionCanNoLongerPass() {
        assertThat(token(issuer).statusCode()).isEqualTo(200);
        var used = issuer.services().stores().usedAssertions();
        // the assertion lives 60 s (Nimbus' default), and its id one clock skew longer
        assertThat(used.purgeExpired(issuer.clock().instant().plus(Duration.ofSeconds(60)))).isZero();

        assertThat(used.purgeExpired(issuer.clock().instant().plus(Duration.ofMinutes(3)))).isOne();
    }

    private HttpResponse<String> token(TestIssuer node) {
        return new OAuthHttp(node.nodeUri()).token(body);
    }
}

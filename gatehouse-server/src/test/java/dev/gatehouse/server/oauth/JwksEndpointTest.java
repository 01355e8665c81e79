package dev.gatehouse.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksEndpointTest {
    @TempDir
    Path dir;

    TestIssuer issuer;
    OAuthHttp http;

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void publishesPublicKeysOnly() throws Exception {
        start(Duration.ofMinutes(10));

        HttpResponse<String> response = http.get(Endpoints.JWKS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JWKSet set = JWKSet.parse(response.body());
        assertThat(set.getKeys()).isNotEmpty().allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
            assertThat(key.getAlgorithm()).isNotNull();
        });
        assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void cacheLifetimeStaysWellUnderTheKeyPrePublishPeriod() {
        start(Duration.ofMinutes(2));

        HttpResponse<String> response = http.get(Endpoints.JWKS);

        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=30");
    }

    @Test
    void cacheLifetimeIsCappedForLongPrePublishPeriods() {
        start(Duration.ofDays(1));

        HttpResponse<String> response = http.get(Endpoints.JWKS);

        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    }

    @Test
    void tokensOfEveryAlgorithmVerifyAgainstThePublishedKeys() throws Exception {
        start(Duration.ofMinutes(10));
        String es = http.clientCredentials("es", issuer.register(TestClients.confidential("es").build()));
        String ed = http.clientCredentials("ed", issuer.register(TestClients.confidential("ed").algorithm(JWSAlgorithm.EdDSA).build()));
        String rs = http.clientCredentials("rs", issuer.register(TestClients.confidential("rs").algorithm(JWSAlgorithm.RS256).build()));

        JWKSet published = JWKSet.parse(http.get(Endpoints.JWKS).body());

        assertThat(verify(es, published, JWSAlgorithm.ES256).getSubject()).isEqualTo("es");
        assertThat(verify(ed, published, JWSAlgorithm.EdDSA).getSubject()).isEqualTo("ed");
        assertThat(verify(rs, published, JWSAlgorithm.RS256).getSubject()).isEqualTo("rs");
        for (String token : new String[] {es, ed, rs}) {
            JWK key = published.getKeyByKeyId(SignedJWT.parse(token).getHeader().getKeyID());
            assertThat(key).isNotNull();
            assertThat(key.getAlgorithm()).isEqualTo(SignedJWT.parse(token).getHeader().getAlgorithm());
        }
    }

    private void start(Duration prePublish) {
        issuer = TestIssuer.start(dir, MutableClock.startingNow(), c -> new TokenConfig(c.issuer(), c.accessTokenTtl(),
                c.maxAccessTokenTtl(), c.idTokenTtl(), c.refreshIdleTtl(), c.refreshAbsoluteTtl(), c.signingAlgorithm(),
                prePublish));
        http = new OAuthHttp(issuer.baseUri());
    }

    /** Verifies as a resource server would, knowing only the published key set. */
    private static JWTClaimsSet verify(String token, JWKSet published, JWSAlgorithm expected) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(expected);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        JWK key = published.getKeyByKeyId(jwt.getHeader().getKeyID());
        JWSVerifier verifier = switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec);
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            default -> throw new AssertionError("unexpected key type " + key.getKeyType());
        };
        assertThat(jwt.verify(verifier)).isTrue();
        return jwt.getJWTClaimsSet();
    }
}

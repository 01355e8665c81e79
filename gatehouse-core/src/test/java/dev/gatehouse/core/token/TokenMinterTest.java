package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.testing.InMemorySigningKeyStore;
import dev.gatehouse.client.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenMinterTest {
    private static final TokenConfig CONFIG = TokenConfig.defaults(URI.create("https://id.example.test"));
    private static final Instant AUTH_TIME = Instant.parse("2030-01-01T11:58:00Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00.750Z"));
    private final KeyRing keys = new KeyRing(new InMemorySigningKeyStore(),
            KeyEncryption.fromBase64(KeyEncryption.generateKey()), CONFIG, clock);
    private final TokenMinter minter = new TokenMinter(keys, CONFIG, clock);

    @BeforeEach
    void startKeys() {
        keys.start();
    }

    /** OpenID Connect Core 3.1.3.6: the left half of the hash of the ID token's own algorithm (Ed25519: SHA-512). */
    @ParameterizedTest
    @ValueSource(strings = {"ES256:SHA-256", "EdDSA:SHA-512", "RS256:SHA-256"})
    void idTokenCarriesTheNonceAsSentAndTheAtHashOfItsAlgorithm(String spec) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(spec.split(":")[0]);
        String access = minter.accessToken(userClaims(), algorithm).value();

        SignedJWT jwt = SignedJWT.parse(minter.idToken("sub-1", "web", "sid-1", AUTH_TIME, "alice", List.of(),
                " n\u00e9 \"x\" ", access, algorithm).value());

        byte[] hash = java.security.MessageDigest.getInstance(spec.split(":")[1])
                .digest(access.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(hash, hash.length / 2));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("at_hash")).isEqualTo(expected);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(" n\u00e9 \"x\" ");
    }

    @Test
    void idTokenWithoutNonceOrAccessTokenHasNeitherClaim() throws Exception {
        SignedJWT jwt = SignedJWT.parse(minter.idToken("sub-1", "web", "sid-1", AUTH_TIME, "alice", List.of(),
                JWSAlgorithm.ES256).value());

        assertThat(jwt.getJWTClaimsSet().getClaims()).doesNotContainKeys("nonce", "at_hash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA", "RS256"})
    void accessTokenHasTheRfc9068HeaderAndASignatureThePublishedKeyVerifies(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);

        SignedJWT jwt = SignedJWT.parse(minter.accessToken(userClaims(), algorithm).value());

        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.signer(algorithm).kid());
        assertThat(jwt.verify(verifierFor(keys.publicJwks().getKeyByKeyId(jwt.getHeader().getKeyID())))).isTrue();
    }

    @Test
    void accessTokenWithoutAlgorithmUsesTheConfiguredOne() throws Exception {
        SignedJWT jwt = SignedJWT.parse(minter.accessToken(userClaims(), null).value());

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(CONFIG.signingAlgorithm());
    }

    @Test
    void accessTokenCarriesEveryClaimOfTheGrant() throws Exception {
        MintedToken minted = minter.accessToken(userClaims(), JWSAlgorithm.ES256);
        JWTClaimsSet claims = SignedJWT.parse(minted.value()).getJWTClaimsSet();

        Instant iat = Instant.parse("2030-01-01T12:00:00Z");
        assertThat(claims.getIssuer()).isEqualTo("https://id.example.test");
        assertThat(claims.getSubject()).isEqualTo("user-42");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("https://orders.test", "https://billing.test");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(iat));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(iat.plus(Duration.ofMinutes(5))));
        assertThat(claims.getJWTID()).isEqualTo(minted.jti()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(claims.getStringClaim("client_id")).isEqualTo("orders-app");
        assertThat(claims.getStringClaim("scope")).isEqualTo("openid orders:read");
        assertThat(claims.getStringClaim("sid")).isEqualTo("session-1");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(AUTH_TIME.getEpochSecond());
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin", "auditor");
    }

    @Test
    void mintedTokenReportsItsTimesInWholeSeconds() {
        MintedToken minted = minter.accessToken(userClaims(), JWSAlgorithm.ES256);

        assertThat(minted.issuedAt()).isEqualTo(Instant.parse("2030-01-01T12:00:00Z"));
        assertThat(minted.expiresAt()).isEqualTo(Instant.parse("2030-01-01T12:05:00Z"));
    }

    @Test
    void clientCredentialsTokenHasNoSessionAuthTimeOrEmptyScope() throws Exception {
        AccessTokenClaims service = new AccessTokenClaims("orders-app", "orders-app", Set.of("https://billing.test"),
                "", null, null, Set.of(), Duration.ofMinutes(1));

        JWTClaimsSet claims = SignedJWT.parse(minter.accessToken(service, JWSAlgorithm.ES256).value()).getJWTClaimsSet();

        assertThat(claims.getClaims()).doesNotContainKeys("sid", "auth_time", "scope");
        assertThat(claims.getStringListClaim("roles")).isEmpty();
        assertThat(claims.getAudience()).containsExactly("https://billing.test");
    }

    @Test
    void everyTokenGetsItsOwnJti() {
        assertThat(minter.accessToken(userClaims(), null).jti()).isNotEqualTo(minter.accessToken(userClaims(), null).jti());
    }

    @Test
    void idTokenIsAPlainJwtForTheClient() throws Exception {
        MintedToken minted = minter.idToken("user-42", "orders-app", "session-1", AUTH_TIME, "alice",
                List.of("admin"), JWSAlgorithm.ES256);
        SignedJWT jwt = SignedJWT.parse(minted.value());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(claims.getIssuer()).isEqualTo("https://id.example.test");
        assertThat(claims.getAudience()).containsExactly("orders-app");
        assertThat(claims.getStringClaim("azp")).isEqualTo("orders-app");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(AUTH_TIME.getEpochSecond());
        assertThat(claims.getStringClaim("sid")).isEqualTo("session-1");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
        assertThat(minted.expiresAt()).isEqualTo(minted.issuedAt().plus(CONFIG.idTokenTtl()));
        assertThat(claims.getClaims()).doesNotContainKey("client_id");
    }

    @Test
    void defaultAccessTokenTtlComesFromTheConfiguration() {
        assertThat(minter.defaultAccessTokenTtl()).isEqualTo(CONFIG.accessTokenTtl());
    }

    static AccessTokenClaims userClaims() {
        return new AccessTokenClaims("user-42", "orders-app", Set.of("https://orders.test", "https://billing.test"),
                "openid orders:read", "session-1", AUTH_TIME, Set.of("auditor", "admin"), Duration.ofMinutes(5));
    }

    static JWSVerifier verifierFor(JWK key) throws Exception {
        return switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            default -> throw new IllegalArgumentException("unexpected key type " + key.getKeyType());
        };
    }
}

package dev.gatehouse.core.token;

import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.TokenVerifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.keys.StoredSigningKey;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.testing.InMemorySigningKeyStore;
import dev.gatehouse.client.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IssuerTokenVerificationTest {
    private static final URI ISSUER = URI.create("https://id.example.test");
    private static final TokenConfig CONFIG = TokenConfig.defaults(ISSUER);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    private final KeyEncryption kek = KeyEncryption.fromBase64(KeyEncryption.generateKey());
    private final KeyRing keys = new KeyRing(store, kek, CONFIG, clock);
    private final TokenMinter minter = new TokenMinter(keys, CONFIG, clock);
    private final Denylist denylist = new Denylist();
    private final TokenVerifier verifier = keys.verifier(denylist);

    @BeforeEach
    void startKeys() {
        keys.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA", "RS256"})
    void tokenOfThisIssuerVerifiesWithEachAlgorithm(String algorithm) throws Exception {
        MintedToken minted = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.parse(algorithm));

        VerifiedAccessToken verified = verifier.verify(minted.value());

        assertThat(verified.jti()).isEqualTo(minted.jti());
        assertThat(verified.subject()).isEqualTo("user-42");
        assertThat(verified.clientId()).isEqualTo("orders-app");
        assertThat(verified.sid()).isEqualTo("session-1");
        assertThat(verified.scopes()).containsExactlyInAnyOrder("openid", "orders:read");
        assertThat(verified.roles()).containsExactlyInAnyOrder("admin", "auditor");
        assertThat(verified.audience()).containsExactlyInAnyOrder("https://orders.test", "https://billing.test");
        assertThat(verified.issuedAt()).isEqualTo(minted.issuedAt());
        assertThat(verified.expiresAt()).isEqualTo(minted.expiresAt());
    }

    @Test
    void idTokenIsNotAnAccessToken() {
        String idToken = minter.idToken("user-42", "orders-app", "session-1", clock.instant(), "alice", List.of(),
                JWSAlgorithm.ES256).value();

        assertRejected(idToken);
    }

    @Test
    void tokenWithTamperedSignatureIsRejected() {
        String token = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256).value();
        int mid = token.lastIndexOf('.') + 20;
        String tampered = token.substring(0, mid) + (token.charAt(mid) == 'A' ? 'B' : 'A') + token.substring(mid + 1);

        assertRejected(tampered);
    }

    @Test
    void tokenWithTamperedClaimIsRejected() throws Exception {
        String token = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256).value();
        String[] parts = token.split("\\.");
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        JWTClaimsSet escalated = new JWTClaimsSet.Builder(claims).subject("admin").build();
        String forged = parts[0] + "." + Base64URL.encode(escalated.toString()) + "." + parts[2];

        assertRejected(forged);
    }

    @Test
    void tokenIsValidUntilTheSecondBeforeItsExpiry() throws Exception {
        String token = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256).value();

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));

        assertThat(verifier.verify(token).subject()).isEqualTo("user-42");
    }

    @Test
    void expiredTokenIsRejected() {
        String token = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256).value();

        clock.advance(Duration.ofMinutes(5));

        assertRejected(token);
    }

    @Test
    void aTokenVerifiedBeforeIsStillRefusedOnceItExpires() throws Exception {
        String token = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256).value();
        assertThat(verifier.verify(token).subject()).isEqualTo("user-42");

        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .extracting(e -> ((InvalidTokenException) e).reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED);
    }

    @Test
    void tokenOfAnotherIssuerIsRejectedEvenWithOurKey() {
        TokenConfig other = TokenConfig.defaults(URI.create("https://evil.example.test"));
        String token = new TokenMinter(keys, other, clock).accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256).value();

        assertRejected(token);
    }

    @Test
    void tokenSignedByAKeyWeDoNotPublishIsRejected() {
        KeyRing foreign = new KeyRing(new InMemorySigningKeyStore(), kek, CONFIG, clock);
        foreign.start();
        String token = new TokenMinter(foreign, CONFIG, clock).accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256).value();

        assertRejected(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA", "RS256"})
    void tokenSignedByAnotherKeyUnderOurKidIsRejected(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        KeyRing foreign = new KeyRing(new InMemorySigningKeyStore(), kek, CONFIG, clock);
        foreign.start();
        SignedJWT jwt = new SignedJWT(atJwtHeader(algorithm, keys.signer(algorithm).kid()), claims().build());
        jwt.sign(foreign.signer(algorithm).signer());

        assertRejected(jwt.serialize());
    }

    @Test
    void tokenWhoseAlgorithmDoesNotFitTheKeyOfItsKidIsRejected() throws Exception {
        String ed25519Kid = keys.signer(JWSAlgorithm.EdDSA).kid();
        SignedJWT jwt = new SignedJWT(atJwtHeader(JWSAlgorithm.ES256, ed25519Kid), claims().build());
        jwt.sign(keys.signer(JWSAlgorithm.ES256).signer());

        assertRejected(jwt.serialize());
    }

    @Test
    void unsignedTokenIsRejected() {
        PlainJWT none = new PlainJWT(new PlainHeader.Builder().type(TokenMinter.AT_JWT).build(), claims().build());

        assertRejected(none.serialize());
    }

    @Test
    void hs256TokenUsingOurPublishedKeyAsSecretIsRejected() throws Exception {
        String kid = keys.signer().kid();
        byte[] publicJwk = keys.publicJwks().getKeyByKeyId(kid).toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(atJwtHeader(JWSAlgorithm.HS256, kid), claims().build());
        jwt.sign(new MACSigner(publicJwk));

        assertRejected(jwt.serialize());
    }

    @Test
    void hs256TokenUsingOurRsaPublicKeyBytesAsSecretIsRejected() throws Exception {
        String kid = keys.signer(JWSAlgorithm.RS256).kid();
        RSAKey rsa = (RSAKey) keys.publicJwks().getKeyByKeyId(kid);
        SignedJWT jwt = new SignedJWT(atJwtHeader(JWSAlgorithm.HS256, kid), claims().build());
        jwt.sign(new MACSigner(rsa.toPublicKey().getEncoded()));

        assertRejected(jwt.serialize());
    }

    @Test
    void tokenWithoutClientIdIsRejected() throws Exception {
        KeyRing.ActiveKey key = keys.signer();
        SignedJWT jwt = new SignedJWT(atJwtHeader(key.algorithm(), key.kid()), claims().claim("client_id", null).build());
        jwt.sign(key.signer());

        assertRejected(jwt.serialize());
    }

    @Test
    void handSignedTokenWithEveryRequiredClaimVerifies() throws Exception {
        KeyRing.ActiveKey key = keys.signer();
        SignedJWT jwt = new SignedJWT(atJwtHeader(key.algorithm(), key.kid()), claims().build());
        jwt.sign(key.signer());

        assertThat(verifier.verify(jwt.serialize()).clientId()).isEqualTo("orders-app");
    }

    @Test
    void missingBlankOrOversizedTokensAreRejected() {
        assertRejected(null);
        assertRejected(" ");
        assertRejected("x".repeat(8193));
        assertRejected("not.a.jwt");
    }

    @Test
    void tokenRevokedByJtiIsRejected() throws Exception {
        MintedToken minted = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256);
        assertThat(verifier.verify(minted.value()).jti()).isEqualTo(minted.jti());

        denylist.apply(new RevocationEvent(1, RevocationKind.JTI, minted.jti(), clock.instant(), minted.expiresAt()));

        assertThatThrownBy(() -> verifier.verify(minted.value()))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("token revoked");
    }

    @Test
    void tokenOfARevokedSessionIsRejected() {
        MintedToken minted = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256);

        denylist.apply(new RevocationEvent(1, RevocationKind.SESSION, "session-1", clock.instant(), minted.expiresAt()));

        assertRejected(minted.value());
    }

    @Test
    void subjectNotBeforeRejectsEarlierTokensButNotLaterOnes() throws Exception {
        MintedToken before = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256);
        denylist.apply(new RevocationEvent(1, RevocationKind.SUBJECT_NOT_BEFORE, "user-42", clock.instant(),
                clock.instant().plus(CONFIG.maxAccessTokenTtl())));
        clock.advance(Duration.ofSeconds(1));
        MintedToken after = minter.accessToken(TokenMinterTest.userClaims(), JWSAlgorithm.ES256);

        assertRejected(before.value());
        assertThat(verifier.verify(after.value()).jti()).isEqualTo(after.jti());
    }

    @Test
    void tokenSignedBeforeARotationStillVerifiesAfterTheNewKeyTakesOver() throws Exception {
        AccessTokenClaims hourLong = new AccessTokenClaims("user-42", "orders-app", Set.of("https://orders.test"),
                "orders:read", null, null, Set.of(), CONFIG.maxAccessTokenTtl());
        String old = minter.accessToken(hourLong, JWSAlgorithm.ES256).value();

        StoredSigningKey next = keys.rotate(JWSAlgorithm.ES256);
        clock.set(next.activatesAt());
        String fresh = minter.accessToken(hourLong, JWSAlgorithm.ES256).value();

        assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(next.kid());
        assertThat(SignedJWT.parse(old).getHeader().getKeyID()).isNotEqualTo(next.kid());
        assertThat(verifier.verify(old).subject()).isEqualTo("user-42");
        assertThat(verifier.verify(fresh).subject()).isEqualTo("user-42");
    }

    private void assertRejected(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER.toString())
                .subject("user-42")
                .audience("https://orders.test")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(300)))
                .jwtID("jti-handmade")
                .claim("client_id", "orders-app");
    }

    private static JWSHeader atJwtHeader(JWSAlgorithm algorithm, String kid) {
        return new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(kid).build();
    }
}

package dev.gatehouse.client;

import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.client.testing.TokenSpellings;
import static dev.gatehouse.client.TestTokens.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.client.InvalidTokenException.Reason;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JwtTokenVerifierTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final String HEADER = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"ec-1\"}";

    private final ECKey key = TestTokens.ecKey("ec-1");
    private final MutableClock clock = new MutableClock(NOW);
    private final Denylist denylist = new Denylist();
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final JWKSource<SecurityContext> countingKeys = countingSource(TestTokens.keySource(key));

    private JWKSource<SecurityContext> countingSource(JWKSource<SecurityContext> keys) {
        return (selector, ctx) -> {
            keyLookups.incrementAndGet();
            return keys.get(selector, ctx);
        };
    }

    private JwtTokenVerifier verifier(int cacheSize) {
        return JwtTokenVerifier.builder(ISSUER, countingKeys).clock(clock).denylist(denylist).cacheSize(cacheSize).build();
    }

    private static void assertRefused(JwtTokenVerifier verifier, String token, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidTokenException.class)
                .extracting(e -> ((InvalidTokenException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void acceptsAnAccessTokenSignedByAPublishedKey() throws Exception {
        VerifiedAccessToken token = verifier(0).verify(TestTokens.token(key, NOW));

        assertThat(token.subject()).isEqualTo("alice");
        assertThat(token.clientId()).isEqualTo("shop");
        assertThat(token.audience()).containsExactly("orders");
        assertThat(token.scopes()).containsExactlyInAnyOrder("orders.read", "orders.write");
        assertThat(token.roles()).containsExactly("clerk");
        assertThat(token.sid()).isEqualTo("session-1");
    }

    @Test
    void acceptsTheLongFormOfTheAccessTokenType() throws Exception {
        String token = TestTokens.sign(key, TestTokens.header(key).type(new JOSEObjectType("application/at+jwt")).build(),
                TestTokens.claims(NOW).build());

        assertThat(verifier(0).verify(token).subject()).isEqualTo("alice");
    }

    @Test
    void acceptsAnEd25519TokenWhenTinkIsOnTheClasspath() throws Exception {
        OctetKeyPair ed = TestTokens.ed25519Key("ed-1");
        JwtTokenVerifier verifier = JwtTokenVerifier.builder(ISSUER, TestTokens.keySource(key, ed)).clock(clock).build();

        assertThat(verifier.verify(TestTokens.token(ed, NOW)).subject()).isEqualTo("alice");
    }

    @Test
    void refusesATokenOfTypeJwtSuchAsAnIdToken() {
        String token = TestTokens.sign(key, TestTokens.header(key).type(JOSEObjectType.JWT).build(), TestTokens.claims(NOW).build());

        assertRefused(verifier(0), token, Reason.INVALID);
    }

    @Test
    void refusesATokenWithoutAType() {
        String token = TestTokens.sign(key, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                TestTokens.claims(NOW).build());

        assertRefused(verifier(0), token, Reason.INVALID);
    }

    @Test
    void refusesATokenOfAnotherIssuer() {
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.issuer(ISSUER + "/other")), Reason.INVALID);
    }

    @Test
    void refusesAnExpiredTokenAsExpired() {
        String token = TestTokens.token(key, NOW.minusSeconds(600));

        assertRefused(verifier(0), token, Reason.EXPIRED);
    }

    @Test
    void toleratesTheConfiguredClockSkewAtExpiry() throws Exception {
        String token = TestTokens.token(key, NOW.minusSeconds(302));
        JwtTokenVerifier lenient = JwtTokenVerifier.builder(ISSUER, countingKeys).clock(clock).clockSkew(Duration.ofSeconds(5)).build();

        assertThat(lenient.verify(token).subject()).isEqualTo("alice");
        assertRefused(verifier(0), token, Reason.EXPIRED);
    }

    @Test
    void refusesATokenNotYetValid() {
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.notBeforeTime(java.util.Date.from(NOW.plusSeconds(60)))),
                Reason.INVALID);
    }

    @Test
    void refusesATokenSignedByAnUnknownKey() {
        ECKey stranger = TestTokens.ecKey("ec-unknown");

        assertRefused(verifier(0), TestTokens.token(stranger, NOW), Reason.INVALID);
    }

    @Test
    void refusesATokenSignedByAnotherKeyUnderAKnownKeyId() {
        ECKey impostor = TestTokens.ecKey("ec-1");

        assertRefused(verifier(0), TestTokens.token(impostor, NOW), Reason.INVALID);
    }

    @Test
    void refusesAnUnsignedToken() {
        PlainJWT plain = new PlainJWT(new PlainHeader.Builder().type(TestTokens.AT_JWT).build(), TestTokens.claims(NOW).build());

        assertRefused(verifier(0), plain.serialize(), Reason.INVALID);
    }

    @Test
    void refusesAnHmacTokenEvenWhenKeyedWithThePublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TestTokens.AT_JWT).keyID("ec-1").build(),
                TestTokens.claims(NOW).build());
        byte[] secret = key.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        jwt.sign(new MACSigner(secret));

        assertRefused(verifier(0), jwt.serialize(), Reason.INVALID);
    }

    @Test
    void refusesATokenWhosePayloadWasChangedAfterSigning() {
        String[] parts = TestTokens.token(key, NOW).split("\\.");
        JWTClaimsSet elevated = TestTokens.claims(NOW).claim("roles", java.util.List.of("admin")).build();
        String tampered = parts[0] + "." + Base64URL.encode(elevated.toString()) + "." + parts[2];

        assertRefused(verifier(0), tampered, Reason.INVALID);
    }

    @Test
    void refusesATokenWithoutClientId() {
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.claim("client_id", null)), Reason.INVALID);
    }

    @Test
    void refusesATokenWhoseClientIdIsNotAString() {
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.claim("client_id", 42)), Reason.INVALID);
    }

    @Test
    void refusesATokenWhoseTextClaimsAreNotTextAsInvalid() {
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.claim("sid", 7)), Reason.INVALID);
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.claim("scope", List.of("orders.read"))), Reason.INVALID);
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.claim("roles", "admin")), Reason.INVALID);
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.claim("roles", List.of("admin", 7))), Reason.INVALID);
    }

    @Test
    void aRepeatedScopeIsOneScope() throws Exception {
        VerifiedAccessToken token = verifier(0).verify(TestTokens.token(key, NOW, c -> c.claim("scope", "orders.read orders.read")));

        assertThat(token.scopes()).containsExactly("orders.read");
    }

    @Test
    void refusesJunkAsMalformed() {
        assertRefused(verifier(0), "not.a.jwt", Reason.MALFORMED);
        assertRefused(verifier(0), "", Reason.MALFORMED);
        assertRefused(verifier(0), "a".repeat(8193), Reason.MALFORMED);
    }

    @Test
    void refusesASignatureWithPadding() {
        String token = TestTokens.token(key, NOW);

        assertRefused(verifier(0), token + "==", Reason.MALFORMED);
        assertRefused(verifier(0), token + "=", Reason.MALFORMED);
    }

    @Test
    void refusesASignatureSpelledWithTheStandardBase64Alphabet() {
        String token = tokenWhoseSignatureHas("-_");
        String standard = TokenSpellings.standardAlphabet(token);

        assertThat(standard).isNotEqualTo(token);
        assertRefused(verifier(0), standard, Reason.MALFORMED);
    }

    @Test
    void refusesASignatureWhoseUnusedLowBitsAreNotZero() {
        // an ES256 signature is 64 bytes: 86 characters, the last one carrying 4 unused bits
        String token = TestTokens.token(key, NOW);
        String respelled = TokenSpellings.unusedBitsSet(token);

        assertThat(Base64URL.from(respelled.substring(respelled.lastIndexOf('.') + 1)).decode())
                .isEqualTo(Base64URL.from(token.substring(token.lastIndexOf('.') + 1)).decode());
        assertRefused(verifier(0), respelled, Reason.MALFORMED);
    }

    @Test
    void refusesANonCanonicalHeaderOrPayloadAsMalformed() {
        String[] parts = TestTokens.token(key, NOW).split("\\.");

        assertRefused(verifier(0), parts[0] + "=." + parts[1] + "." + parts[2], Reason.MALFORMED);
        assertRefused(verifier(0), parts[0] + "." + parts[1] + "==." + parts[2], Reason.MALFORMED);
        assertRefused(verifier(0), parts[0] + "." + parts[1] + "+." + parts[2], Reason.MALFORMED);
    }

    @Test
    void aNonCanonicalSpellingOfACachedTokenIsRefusedAndNotCached() throws Exception {
        JwtTokenVerifier verifier = verifier(10);
        String token = TestTokens.token(key, NOW);
        verifier.verify(token);

        for (String spelling : TokenSpellings.of(token)) {
            assertRefused(verifier, spelling, Reason.MALFORMED);
        }
        assertThat(verifier.cachedTokens()).isEqualTo(1);
    }

    @Test
    void refusesATokenWhoseSubjectIsMissingEmptyOrNotAString() {
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.subject(null)), Reason.INVALID);
        assertRefused(verifier(0), TestTokens.token(key, NOW, c -> c.subject("")), Reason.INVALID);
        assertRefused(verifier(0), signRaw(HEADER, payload("sub", 42)), Reason.INVALID);
    }

    @Test
    void refusesATokenWithAnAudienceEntryThatIsNotAString() {
        assertRefused(verifier(0), signRaw(HEADER, payload("aud", List.of("orders", 7))), Reason.INVALID);
        assertRefused(verifier(0), signRaw(HEADER, payload("aud", 7)), Reason.INVALID);
    }

    @Test
    void refusesATokenIssuedInTheFutureBeyondTheClockSkew() throws Exception {
        String future = TestTokens.token(key, NOW.plusSeconds(60));
        JwtTokenVerifier lenient = JwtTokenVerifier.builder(ISSUER, countingKeys).clock(clock).clockSkew(Duration.ofSeconds(5)).build();

        assertRefused(verifier(0), future, Reason.INVALID);
        assertRefused(lenient, future, Reason.INVALID);
        assertThat(lenient.verify(TestTokens.token(key, NOW.plusSeconds(5))).subject()).isEqualTo("alice");
    }

    @Test
    void refusesAnEmptyCriticalHeaderList() {
        // RFC 7515 4.1.11: crit, when present, must not be an empty list
        assertRefused(verifier(0), signRaw(HEADER.replace("}", ",\"crit\":[]}"), payload("sub", "alice")), Reason.INVALID);
    }

    @Test
    void refusesACriticalHeaderItDoesNotUnderstand() {
        assertRefused(verifier(0), signRaw(HEADER.replace("}", ",\"crit\":[\"exp\"],\"exp\":1}"), payload("sub", "alice")),
                Reason.INVALID);
    }

    @Test
    void acceptsAHandSignedTokenWithoutCrit() throws Exception {
        // the control for the two tests above: the same signing path gives a valid token
        assertThat(verifier(0).verify(signRaw(HEADER, payload("sub", "alice"))).subject())
                .isEqualTo("alice");
    }

    /** The claims of a valid token with one claim set to any JSON value, even one Nimbus's builder would not write. */
    private static String payload(String claim, Object value) {
        java.util.Map<String, Object> claims = TestTokens.claims(NOW).build().toJSONObject();
        claims.put(claim, value);
        return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims);
    }

    /** Signs header and payload as written, so that they can carry what Nimbus's builders would not write. */
    private String signRaw(String headerJson, String payloadJson) {
        try {
            String signingInput = Base64URL.encode(headerJson) + "." + Base64URL.encode(payloadJson);
            Base64URL signature = new ECDSASigner(key).sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(),
                    signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String tokenWhoseSignatureHas(String anyOf) {
        while (true) {
            String token = TestTokens.token(key, NOW);
            String signature = token.substring(token.lastIndexOf('.') + 1);
            if (signature.chars().anyMatch(c -> anyOf.indexOf(c) >= 0)) {
                return token;
            }
        }
    }

    @Test
    void refusesARevokedToken() {
        String token = TestTokens.token(key, NOW, c -> c.jwtID("jti-1"));
        denylist.apply(new RevocationEvent(1, RevocationKind.JTI, "jti-1", NOW, NOW.plusSeconds(600)));

        assertRefused(verifier(0), token, Reason.REVOKED);
    }

    @Test
    void aCachedTokenIsVerifiedWithoutLookingUpKeysAgain() throws Exception {
        JwtTokenVerifier verifier = verifier(10);
        String token = TestTokens.token(key, NOW);

        verifier.verify(token);
        int lookups = keyLookups.get();
        verifier.verify(token);

        assertThat(lookups).isPositive();
        assertThat(keyLookups.get()).isEqualTo(lookups);
        assertThat(verifier.cachedTokens()).isEqualTo(1);
    }

    @Test
    void withoutACacheEveryCallLooksUpKeys() throws Exception {
        JwtTokenVerifier verifier = verifier(0);
        String token = TestTokens.token(key, NOW);

        verifier.verify(token);
        int lookups = keyLookups.get();
        verifier.verify(token);

        assertThat(keyLookups.get()).isGreaterThan(lookups);
        assertThat(verifier.cachedTokens()).isZero();
    }

    @Test
    void aCachedTokenRevokedLaterIsRefused() throws Exception {
        JwtTokenVerifier verifier = verifier(10);
        String token = TestTokens.token(key, NOW, c -> c.subject("bob"));
        verifier.verify(token);

        denylist.apply(new RevocationEvent(1, RevocationKind.SUBJECT_NOT_BEFORE, "bob", NOW, NOW.plusSeconds(600)));

        assertRefused(verifier, token, Reason.REVOKED);
    }

    @Test
    void aCachedTokenPastItsExpiryIsRefusedAsExpired() throws Exception {
        JwtTokenVerifier verifier = verifier(10);
        String token = TestTokens.token(key, NOW);
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(301));

        assertRefused(verifier, token, Reason.EXPIRED);
        assertThat(verifier.cachedTokens()).isZero();
    }

    @Test
    void aFullCacheStillVerifiesNewTokens() throws Exception {
        JwtTokenVerifier verifier = verifier(1);
        verifier.verify(TestTokens.token(key, NOW));

        VerifiedAccessToken second = verifier.verify(TestTokens.token(key, NOW, c -> c.subject("carol")));

        assertThat(second.subject()).isEqualTo("carol");
        assertThat(verifier.cachedTokens()).isEqualTo(1);
    }

    @Test
    void aFullCacheMakesRoomByDroppingExpiredEntries() throws Exception {
        JwtTokenVerifier verifier = verifier(1);
        verifier.verify(TestTokens.token(key, NOW.minusSeconds(290)));
        clock.advance(Duration.ofSeconds(20));
        String fresh = TestTokens.token(key, clock.instant());

        verifier.verify(fresh);
        int lookups = keyLookups.get();
        verifier.verify(fresh);

        assertThat(keyLookups.get()).isEqualTo(lookups);
    }

    @Test
    void refusesToAcceptHmacAlgorithms() {
        assertThatThrownBy(() -> JwtTokenVerifier.builder(ISSUER, countingKeys).algorithms(java.util.Set.of(JWSAlgorithm.HS256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HMAC");
    }
}

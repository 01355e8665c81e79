package dev.gatehouse.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
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
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.core.token.AccessTokenClaims;
import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.core.token.TokenMinter;
import dev.gatehouse.client.VerifiedAccessToken;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Minting and verifying an RFC 9068 access token through Gatehouse ({@link TokenMinter},
 * {@link TokenVerifier}) next to a bare Nimbus sign and verify of the same claims with the same key.
 * {@code mint / rawSign} and {@code verify / rawVerify} are the cost of our wrapper.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TokenBenchmark {
    @Param({"ES256", "EdDSA", "RS256"})
    public String algorithm;

    private JWSAlgorithm alg;
    private TokenMinter minter;
    private TokenVerifier verifier;
    private AccessTokenClaims claims;
    private String token;

    private JWSHeader rawHeader;
    private JWTClaimsSet rawClaims;
    private JWSSigner rawSigner;
    private JWSVerifier rawVerifier;
    private String rawToken;

    @Setup
    public void setUp() throws Exception {
        alg = JWSAlgorithm.parse(algorithm);
        Clock clock = Clock.systemUTC();
        TokenConfig config = new TokenConfig(URI.create("https://id.bench.test"), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(8), Duration.ofDays(30), alg,
                Duration.ofMinutes(10));
        KeyRing keys = new KeyRing(new InMemorySigningKeyStore(), KeyEncryption.fromBase64(KeyEncryption.generateKey()),
                config, clock);
        keys.start();
        minter = new TokenMinter(keys, config, clock);
        verifier = keys.verifier(new Denylist());
        claims = new AccessTokenClaims("user-42", "orders-app", Set.of("https://orders.bench.test"),
                "openid orders:read", "session-1", Instant.now(), Set.of("admin", "auditor"), Duration.ofHours(1));
        token = minter.accessToken(claims, alg).value();

        // The baseline signs the claims of that very token with the very same key, without our code around it.
        SignedJWT minted = SignedJWT.parse(token);
        rawHeader = minted.getHeader();
        rawClaims = minted.getJWTClaimsSet();
        KeyRing.ActiveKey key = keys.signer(alg);
        rawSigner = key.signer();
        rawVerifier = verifierFor(keys.publicJwks().getKeyByKeyId(key.kid()));
        rawToken = rawSign();
        if (!rawVerify() || verify() == null) {
            throw new IllegalStateException("benchmark tokens do not verify");
        }
    }

    @Benchmark
    public String mint() {
        return minter.accessToken(claims, alg).value();
    }

    @Benchmark
    public VerifiedAccessToken verify() throws InvalidTokenException {
        return verifier.verify(token);
    }

    @Benchmark
    public String rawSign() throws JOSEException {
        SignedJWT jwt = new SignedJWT(rawHeader, rawClaims);
        jwt.sign(rawSigner);
        return jwt.serialize();
    }

    @Benchmark
    public boolean rawVerify() throws JOSEException, ParseException {
        return SignedJWT.parse(rawToken).verify(rawVerifier);
    }

    private static JWSVerifier verifierFor(JWK key) throws JOSEException {
        return switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            default -> throw new IllegalArgumentException("unexpected key type " + key.getKeyType());
        };
    }
}

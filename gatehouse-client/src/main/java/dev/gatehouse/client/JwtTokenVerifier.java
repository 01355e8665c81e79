package dev.gatehouse.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.client.revocation.Denylist;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies RFC 9068 access tokens of one issuer: the text canonical base64url (one spelling per token), {@code typ}
 * {@code at+jwt} (never an ID token), the algorithm one of the allowed ones, the key one the issuer publishes,
 * {@code iss} exact, {@code sub} a non-empty string, the token issued and valid now, and not revoked. Every step
 * fails closed.
 *
 * <p>Signature checks are the expensive part, so a verifier built with a cache remembers verified tokens by the
 * SHA-256 of their text until they expire. The revocation check runs on every call, cached or not. The cache is
 * bounded: when full, expired entries are dropped, and if that frees nothing the token is verified uncached.
 */
public final class JwtTokenVerifier implements TokenVerifier {
    /** RFC 9068 section 2.1; the long form is allowed by RFC 8725 section 3.11. */
    private static final Set<JOSEObjectType> ACCESS_TOKEN_TYPES =
            Set.of(new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"));
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "sub", "exp", "iat", "jti", "client_id");
    /** Claims read as text wherever present; any other type makes the token invalid rather than a failure later. */
    private static final Set<String> STRING_CLAIMS = Set.of("client_id", "sid", "scope");
    private static final int MAX_TOKEN_LENGTH = 8192;
    /** The most clock skew a verifier may allow; revocations are kept at least this long past their tokens' expiry. */
    public static final Duration MAX_CLOCK_SKEW = VerifierDefaults.CLOCK_SKEW_MAX;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Denylist denylist;
    private final Clock clock;
    private final Duration clockSkew;
    private final int cacheSize;
    private final Map<String, VerifiedAccessToken> cache;

    private JwtTokenVerifier(Builder b) {
        this.denylist = b.denylist;
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.cacheSize = b.cacheSize;
        this.cache = b.cacheSize > 0 ? new ConcurrentHashMap<>() : null;
        Set<JWSAlgorithm> algorithms = Set.copyOf(b.algorithms);
        JWKSource<SecurityContext> keys = b.keys;
        String issuer = b.issuer;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPES));
        processor.setJWSKeySelector((header, ctx) -> algorithms.contains(header.getAlgorithm())
                ? publicKeys(keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), ctx))
                : List.of());
        processor.setJWSVerifierFactory(new DefaultJWSVerifierFactory() {
            @Override
            public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
                if (!(key instanceof Ed25519Key ed)) {
                    return super.createJWSVerifier(header, key);
                }
                try {
                    return new Ed25519Verifier(ed.jwk());
                } catch (LinkageError e) {
                    // Tink is optional: without it an EdDSA token is refused, never an error
                    throw new JOSEException("EdDSA tokens need com.google.crypto.tink:tink on the classpath");
                }
            }
        });
        processor.setJWTClaimsSetVerifier((claims, ctx) -> checkClaims(claims, issuer));
    }

    /**
     * @param issuer the exact {@code iss} tokens must carry
     * @param keys   the issuer's published keys: local for the issuer itself, its JWKS for everyone else
     */
    public static Builder builder(String issuer, JWKSource<SecurityContext> keys) {
        return new Builder(issuer, keys);
    }

    @Override
    public VerifiedAccessToken verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "missing or oversized token");
        }
        VerifiedAccessToken verified = cache == null ? process(token) : cached(token);
        if (denylist.isRevoked(verified.jti(), verified.sid(), verified.subject(), verified.clientId(), verified.issuedAt())) {
            throw new InvalidTokenException(InvalidTokenException.Reason.REVOKED, "token revoked");
        }
        return verified;
    }

    /** How many verified tokens the cache holds now (0 without a cache). */
    public int cachedTokens() {
        return cache == null ? 0 : cache.size();
    }

    private VerifiedAccessToken cached(String token) throws InvalidTokenException {
        String key = sha256(token);
        VerifiedAccessToken hit = cache.get(key);
        Instant now = clock.instant();
        if (hit != null) {
            if (expired(hit.expiresAt(), now)) {
                cache.remove(key);
                throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, "token expired");
            }
            return hit;
        }
        VerifiedAccessToken verified = process(token);
        if (cache.size() >= cacheSize) {
            cache.values().removeIf(v -> expired(v.expiresAt(), now));
        }
        if (cache.size() < cacheSize) {
            cache.put(key, verified);
        }
        return verified;
    }

    /** Every token the cache holds went through here, so a cache hit was canonical too; other spellings miss it. */
    private VerifiedAccessToken process(String token) throws InvalidTokenException {
        if (!canonicalBase64Url(token)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "not canonical base64url");
        }
        try {
            JWT jwt = JWTParser.parse(token);
            if (jwt instanceof SignedJWT signed) {
                checkAsWritten(signed);
            }
            return new VerifiedAccessToken(processor.process(jwt, null));
        } catch (ExpiredException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, e.getMessage());
        } catch (ParseException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, e.getMessage());
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID, e.getMessage());
        }
    }

    /**
     * The checks Nimbus's parsing would hide: it drops an empty {@code crit} and turns a numeric {@code sub} into
     * text, so these read the JSON as the issuer wrote it.
     */
    private static void checkAsWritten(SignedJWT jwt) throws ParseException, BadJWTException {
        Map<String, Object> header = JSONObjectUtils.parse(jwt.getHeader().getParsedBase64URL().decodeToString());
        if (header.get("crit") instanceof List<?> crit && crit.isEmpty()) {
            // RFC 7515 4.1.11: producers must not use the empty list
            throw new BadJWTException("crit is an empty list");
        }
        if (!(jwt.getPayload().toJSONObject().get("sub") instanceof String sub) || sub.isEmpty()) {
            // RFC 9068 2.2: sub is required; RFC 7519 4.1.2: a string
            throw new BadJWTException("sub is missing, empty or not a string");
        }
    }

    private void checkClaims(JWTClaimsSet claims, String issuer) throws BadJWTException {
        for (String name : REQUIRED_CLAIMS) {
            if (claims.getClaim(name) == null) {
                throw new BadJWTException("missing claim " + name);
            }
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("issuer mismatch");
        }
        for (String name : STRING_CLAIMS) {
            Object value = claims.getClaim(name);
            if (value != null && !(value instanceof String)) {
                throw new BadJWTException(name + " is not a string");
            }
        }
        Object roles = claims.getClaim("roles");
        if (roles != null && !(roles instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
            throw new BadJWTException("roles is not a list of strings");
        }
        Instant now = clock.instant();
        if (expired(claims.getExpirationTime().toInstant(), now)) {
            throw new ExpiredException();
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(clockSkew))) {
            throw new BadJWTException("token not yet valid");
        }
        if (claims.getIssueTime().toInstant().isAfter(now.plus(clockSkew))) {
            throw new BadJWTException("token issued in the future");
        }
    }

    /**
     * Whether every dot-separated segment is base64url as RFC 7515 section 2 defines it: the URL-safe alphabet, no
     * padding, and (RFC 4648 3.5) zero bits after the last encoded byte. Lenient decoders accept the other
     * spellings, so without this one token could be sent in many forms.
     */
    static boolean canonicalBase64Url(String token) {
        int segmentStart = 0;
        for (int i = 0; i <= token.length(); i++) {
            if (i == token.length() || token.charAt(i) == '.') {
                int length = i - segmentStart;
                int unusedBits = switch (length % 4) {
                    case 0 -> 0;
                    case 2 -> 0x0F;
                    case 3 -> 0x03;
                    default -> -1;
                };
                if (unusedBits < 0 || (unusedBits > 0 && (base64UrlValue(token.charAt(i - 1)) & unusedBits) != 0)) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (base64UrlValue(token.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    private boolean expired(Instant expiresAt, Instant now) {
        return !now.isBefore(expiresAt.plus(clockSkew));
    }

    private static final class ExpiredException extends BadJWTException {
        ExpiredException() {
            super("token expired");
        }
    }

    /**
     * Nimbus's stock key selector drops Ed25519 keys (they have no java.security form), so those travel
     * wrapped in {@link Ed25519Key}.
     */
    private static List<Key> publicKeys(List<JWK> jwks) {
        List<Key> found = new ArrayList<>();
        for (JWK jwk : jwks) {
            try {
                found.add(jwk instanceof OctetKeyPair okp ? new Ed25519Key(okp.toPublicJWK()) : ((AsymmetricJWK) jwk).toPublicKey());
            } catch (JOSEException | ClassCastException e) {
                // not a usable verification key: it cannot verify anything
            }
        }
        return found;
    }

    private record Ed25519Key(OctetKeyPair jwk) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return "Ed25519";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    private static String sha256(String token) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static final class Builder {
        private final String issuer;
        private final JWKSource<SecurityContext> keys;
        private Denylist denylist = new Denylist();
        private Clock clock = Clock.systemUTC();
        private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.RS256);
        private Duration clockSkew = Duration.ZERO;
        private int cacheSize;

        private Builder(String issuer, JWKSource<SecurityContext> keys) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** The revocation view checked on every call; by default an empty one (nothing revoked). */
        public Builder denylist(Denylist denylist) {
            this.denylist = Objects.requireNonNull(denylist);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Accepted signing algorithms; by default ES256, EdDSA and RS256, never HMAC or none. */
        public Builder algorithms(Set<JWSAlgorithm> algorithms) {
            if (algorithms.isEmpty() || algorithms.stream().anyMatch(a -> JWSAlgorithm.Family.HMAC_SHA.contains(a))) {
                throw new IllegalArgumentException("algorithms: at least one, and no shared-secret (HMAC) algorithm");
            }
            this.algorithms = algorithms;
            return this;
        }

        /** Tolerance for clocks that differ between issuer and verifier; 0 by default, at most 5 minutes. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = VerifierDefaults.checkedClockSkew(skew);
            return this;
        }

        /** Remember up to this many verified tokens until they expire; 0 (the default) caches nothing, at most 10 000 000. */
        public Builder cacheSize(int entries) {
            this.cacheSize = VerifierDefaults.checkedTokenCacheSize(entries);
            return this;
        }

        public JwtTokenVerifier build() {
            return new JwtTokenVerifier(this);
        }
    }
}

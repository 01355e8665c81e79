package dev.gatehouse.store.jdbc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.client.BrowserSignIn;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.keys.StoredSigningKey;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Rows for store tests, all anchored at {@link #T0}. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    static final Set<String> AUDIENCE = Set.of("https://api.test", "https://reports.test");

    private Fixtures() {}

    static Instant at(Duration offset) {
        return T0.plus(offset);
    }

    static User user(String id, String username) {
        return new User(id, username, "$argon2id$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA", false, Set.of("admin", "ops"),
                T0, T0);
    }

    static OAuthClient client(String clientId) {
        return TestClients.confidential(clientId).name("Orders service").secretHash("sha256:abc").jwks("{\"keys\":[]}")
                .grant(GrantType.REFRESH_TOKEN, GrantType.AUTHORIZATION_CODE).scope("orders:read", "orders:write")
                .noAudience().audience("https://orders.example").role("service")
                .redirectUri("https://app.example/cb", "http://127.0.0.1:8080/callback?x=1").introspection()
                .accessTokenTtl(Duration.ofMinutes(5)).refreshIdleTtl(Duration.ofDays(2)).refreshAbsoluteTtl(Duration.ofDays(30))
                .refreshGracePeriod(Duration.ofSeconds(7)).algorithm(JWSAlgorithm.RS256).createdAt(T0)
                .postLogoutRedirectUri("https://app.example/bye", "https://app.example/bye?again=1")
                .backchannelLogoutUri("https://app.example/backchannel").consent(BrowserSignIn.Consent.SKIP)
                .requirePushedAuthorizationRequests().pkceOptional().build();
    }

    /** A live session created at {@code createdAt}, ending a day later. */
    static Session session(String id, String subject, String clientId, Instant createdAt) {
        return new Session(id, subject, clientId, createdAt, createdAt, createdAt, createdAt.plus(DAY), "203.0.113.7",
                "curl/8", null);
    }

    /** A token issued at T0, idle expiry an hour later, absolute a day later. */
    static RefreshToken token(String hash, String family, String sessionId, String clientId, String subject) {
        return new RefreshToken(hash, family, sessionId, clientId, subject, "openid orders:read", AUDIENCE, T0, T0,
                at(HOUR), at(DAY));
    }

    static RefreshToken token(String hash, String family) {
        return token(hash, family, "sid-1", "app", "sub-1");
    }

    /** The successor of {@code previous}, issued at {@code now}. */
    static RefreshToken next(RefreshToken previous, String hash, Instant now) {
        return new RefreshToken(hash, previous.familyId(), previous.sessionId(), previous.clientId(),
                previous.subject(), previous.scope(), previous.audience(), previous.authTime(), now, now.plus(HOUR),
                previous.absoluteExpiresAt());
    }

    static StoredSigningKey signingKey(String kid, Instant createdAt) {
        return new StoredSigningKey(kid, "ES256", "{\"kty\":\"EC\",\"kid\":\"" + kid + "\"}", "enc:" + kid, createdAt,
                createdAt, null, null);
    }
}

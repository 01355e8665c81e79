package dev.gatehouse.core.testing;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.authorize.AuthorizationCodes;
import dev.gatehouse.core.grant.AuthorizationCodeGrantHandler;
import dev.gatehouse.core.grant.ClientCredentialsGrantHandler;
import dev.gatehouse.core.logout.BackchannelLogoutStore;
import dev.gatehouse.core.grant.GrantRequest;
import dev.gatehouse.core.grant.Grants;
import dev.gatehouse.core.grant.PasswordGrantHandler;
import dev.gatehouse.core.grant.RefreshTokenGrantHandler;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.login.InMemoryLoginThrottle;
import dev.gatehouse.core.login.PasswordAuthenticator;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.RefreshTokens;
import dev.gatehouse.core.session.SessionTokens;
import dev.gatehouse.core.token.TokenMinter;
import dev.gatehouse.core.user.PasswordHasher;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The issuer's core wired on in-memory stores and a clock the test moves: the unit layer under the grants,
 * with no database and no HTTP.
 */
public final class InMemoryIssuer {
    public static final TokenConfig CONFIG = TokenConfig.defaults(URI.create("https://id.example.test"));
    public static final String ADDRESS = "192.0.2.1";
    /** One signing key for every test: made once, loaded by each issuer, so no test pays for key generation. */
    public static final KeyEncryption KEY_ENCRYPTION = KeyEncryption.fromBase64(KeyEncryption.generateKey());
    private static final InMemorySigningKeyStore SIGNING_KEYS = new InMemorySigningKeyStore();

    public final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    public final InMemoryTransactions transactions = new InMemoryTransactions();
    public final InMemoryUserStore users = new InMemoryUserStore();
    public final InMemorySessionStore sessions = new InMemorySessionStore();
    public final InMemoryRefreshTokenStore refreshTokenStore = new InMemoryRefreshTokenStore();
    public final InMemoryRevocationLog revocationLog = new InMemoryRevocationLog();
    public final RecordingAuditLog audit = new RecordingAuditLog();
    public final KeyRing keys = new KeyRing(SIGNING_KEYS, KEY_ENCRYPTION, CONFIG, clock);
    public final Denylist denylist = new Denylist();
    public final TokenVerifier verifier;
    public final PasswordHasher hasher = new PasswordHasher(new PasswordConfig(8 * 1024, 1, 1));
    public final PasswordAuthenticator passwords;
    public final Revocations revocations;
    public final SessionTokens sessionTokens;
    public final RefreshTokens refreshTokens;
    public final InMemoryAuthorizationCodeStore authorizationCodeStore = new InMemoryAuthorizationCodeStore();
    public final AuthorizationCodes authorizationCodes = new AuthorizationCodes(authorizationCodeStore, clock);
    public final InMemoryBackchannelLogoutStore backchannelLogouts = new InMemoryBackchannelLogoutStore();
    public final Grants grants;

    public InMemoryIssuer() {
        keys.start();
        verifier = keys.verifier(denylist);
        TokenMinter minter = new TokenMinter(keys, CONFIG, clock, denylist);
        passwords = new PasswordAuthenticator(users, hasher, new InMemoryLoginThrottle(ThrottleConfig.defaults(), clock),
                audit, IssuerMetrics.NONE, clock);
        revocations = new Revocations(transactions, sessions, refreshTokenStore, revocationLog, audit, denylist,
                CONFIG, IssuerMetrics.NONE, clock);
        sessionTokens = new SessionTokens(transactions, users, sessions, refreshTokenStore, minter, CONFIG,
                IssuerMetrics.NONE, clock);
        refreshTokens = new RefreshTokens(refreshTokenStore, sessions, users, clock);
        grants = new Grants(List.of(
                new AuthorizationCodeGrantHandler(transactions, authorizationCodes, sessionTokens,
                        backchannelLogouts, revocations, CONFIG, IssuerMetrics.NONE),
                new ClientCredentialsGrantHandler(minter, CONFIG, IssuerMetrics.NONE),
                new RefreshTokenGrantHandler(transactions, refreshTokens, refreshTokenStore, sessions, sessionTokens,
                        revocations, KEY_ENCRYPTION, CONFIG, IssuerMetrics.NONE, clock),
                new PasswordGrantHandler(passwords, sessionTokens)));
    }

    /** A stored, enabled user with the given password and roles. */
    public User user(String username, String password, String... roles) {
        User user = new User(UUID.randomUUID().toString(), username, hasher.hash(password), false, Set.of(roles),
                clock.instant(), clock.instant());
        users.create(user);
        return user;
    }

    /** A token request of {@code client} for {@code grant}; {@code scope} null when it names none. */
    public static GrantRequest request(OAuthClient client, AuthorizationGrant grant, String scope, URI... resources) {
        return new GrantRequest(client, grant, scope == null ? null : Scope.parse(scope), List.of(resources), ADDRESS,
                "unit-test");
    }
}

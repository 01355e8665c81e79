package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.FailureAudit;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.testing.InMemoryUsedAssertionStore;
import dev.gatehouse.core.testing.RecordingAuditLog;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.testing.InMemoryClientStore;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.user.PasswordHasher;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private static final URI TOKEN_ENDPOINT = URI.create("https://id.example.test/oauth2/token");
    private static final Set<URI> AUDIENCES = Set.of(URI.create("https://id.example.test"), TOKEN_ENDPOINT);
    private static final String SECRET = ClientSecrets.generate();
    private static final String ADDRESS = "203.0.113.7";
    private static final String OTHER_ADDRESS = "198.51.100.9";

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryClientStore clients = new InMemoryClientStore();
    private final CountingSemaphore slowHashes = new CountingSemaphore();
    private final ClientSecrets secrets = new ClientSecrets(new PasswordHasher(new PasswordConfig(8 * 1024, 1, 1)), slowHashes);
    private final InMemoryUsedAssertionStore usedAssertions = new InMemoryUsedAssertionStore();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final ClientAuthenticator authenticator = authenticator(usedAssertions);
    private ECKey clientKey;

    @BeforeEach
    void registerClients() throws Exception {
        clientKey = new ECKeyGenerator(Curve.P_256).keyID("client-key-1").generate();
        String hash = ClientSecrets.hashGenerated(SECRET);
        clients.create(client("basic-app", hash, null, ClientAuthenticationMethod.CLIENT_SECRET_BASIC));
        clients.create(client("post-app", hash, null, ClientAuthenticationMethod.CLIENT_SECRET_POST));
        clients.create(client("spa", null, null, ClientAuthenticationMethod.NONE));
        clients.create(client("jwt-app", null, new JWKSet(clientKey.toPublicJWK()).toString(),
                ClientAuthenticationMethod.PRIVATE_KEY_JWT));
        clients.create(client("jwt-without-keys", null, null, ClientAuthenticationMethod.PRIVATE_KEY_JWT));
        clients.create(client("chosen-app", secrets.hashChosen("operator chosen"), null,
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC));
    }

    @Test
    void clientSecretBasicWithTheRightSecretAuthenticates() {
        OAuthClient client = authenticator.authenticate(new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET)), null, ADDRESS);

        assertThat(client.clientId()).isEqualTo("basic-app");
    }

    @Test
    void authenticationsTheStoreCouldNotAnswerAreNotCountedSoNoClientIsLockedOutByAnOutage() {
        ClientSecretBasic basic = new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET));
        clients.unavailable(true);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> authenticator.authenticate(basic, null, ADDRESS)).isInstanceOf(StoreUnavailableException.class);
        }
        clients.unavailable(false);

        assertThat(authenticator.authenticate(basic, null, ADDRESS).clientId()).isEqualTo("basic-app");
    }

    @Test
    void clientSecretBasicWithMatchingClientIdParameterAuthenticates() {
        OAuthClient client = authenticator.authenticate(new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET)),
                new ClientID("basic-app"), ADDRESS);

        assertThat(client.clientId()).isEqualTo("basic-app");
    }

    @Test
    void clientSecretPostWithTheRightSecretAuthenticates() {
        OAuthClient client = authenticator.authenticate(new ClientSecretPost(new ClientID("post-app"), new Secret(SECRET)), null, ADDRESS);

        assertThat(client.clientId()).isEqualTo("post-app");
    }

    @Test
    void operatorChosenSecretAuthenticatesAgainstItsArgon2Hash() {
        OAuthClient client = authenticator.authenticate(
                new ClientSecretBasic(new ClientID("chosen-app"), new Secret("operator chosen")), null, ADDRESS);

        assertThat(client.clientId()).isEqualTo("chosen-app");
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("chosen-app"), new Secret("operator chosen?")), null, ADDRESS));
    }

    @Test
    void wrongSecretIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET + "x")), null, ADDRESS));
    }

    @Test
    void unknownClientIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("nobody"), new Secret(SECRET)), null, ADDRESS));
    }

    @Test
    void oversizedClientIdIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(null, new ClientID("x".repeat(257)), ADDRESS));
    }

    @Test
    void methodTheClientIsNotRegisteredForIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretPost(new ClientID("basic-app"), new Secret(SECRET)), null, ADDRESS));
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("post-app"), new Secret(SECRET)), null, ADDRESS));
    }

    @Test
    void publicClientWithoutCredentialsIsIdentifiedByClientId() {
        OAuthClient client = authenticator.authenticate(null, new ClientID("spa"), ADDRESS);

        assertThat(client.clientId()).isEqualTo("spa");
        assertThat(client.isPublic()).isTrue();
    }

    @Test
    void publicClientCannotPresentASecret() {
        assertInvalidClient(() -> authenticator.authenticate(new ClientSecretBasic(new ClientID("spa"), new Secret(SECRET)), null, ADDRESS));
    }

    @Test
    void confidentialClientWithoutCredentialsIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(null, new ClientID("basic-app"), ADDRESS));
    }

    @Test
    void requestWithoutCredentialsOrClientIdIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(null, null, ADDRESS));
    }

    @Test
    void clientIdParameterNamingAnotherClientIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET)), new ClientID("post-app"), ADDRESS));
    }

    @Test
    void privateKeyJwtSignedWithTheRegisteredKeyAuthenticates() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, inOneMinute());

        assertThat(authenticator.authenticate(assertion, null, ADDRESS).clientId()).isEqualTo("jwt-app");
    }

    @Test
    void privateKeyJwtForAnotherAudienceIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", URI.create("https://other-issuer.test/token"), clientKey,
                inOneMinute());

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void expiredPrivateKeyJwtIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, Date.from(clock.instant().minus(Duration.ofMinutes(10))));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void replayedPrivateKeyJwtIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, inOneMinute());
        authenticator.authenticate(assertion, null, ADDRESS);

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void privateKeyJwtSignedWithAnUnknownKeyIsInvalidClient() throws Exception {
        ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID("client-key-2").generate();
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, unknown, inOneMinute());

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void privateKeyJwtSignedWithAnotherKeyUnderTheRegisteredKidIsInvalidClient() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(clientKey.getKeyID()).generate();
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, impostor, inOneMinute());

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void privateKeyJwtOfAClientWithoutRegisteredKeysIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-without-keys", TOKEN_ENDPOINT, clientKey,
                inOneMinute());

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void privateKeyJwtOfASecretClientIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("basic-app", TOKEN_ENDPOINT, clientKey, inOneMinute());

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void privateKeyJwtWithoutJtiIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, inOneMinute(), Date.from(clock.instant()), null);

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void privateKeyJwtExpiringFiveMinutesAheadAuthenticates() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey,
                Date.from(clock.instant().plus(Duration.ofMinutes(5))));

        assertThat(authenticator.authenticate(assertion, null, ADDRESS).clientId()).isEqualTo("jwt-app");
    }

    @Test
    void privateKeyJwtExpiringFarAheadIsInvalidClient() throws Exception {
        PrivateKeyJWT tenMinutes = assertion("jwt-app", TOKEN_ENDPOINT, clientKey,
                Date.from(clock.instant().plus(Duration.ofMinutes(10))));
        PrivateKeyJWT aYear = assertion("jwt-app", TOKEN_ENDPOINT, clientKey,
                Date.from(clock.instant().plus(Duration.ofDays(365))));

        assertInvalidClient(() -> authenticator.authenticate(tenMinutes, null, ADDRESS));
        assertInvalidClient(() -> authenticator.authenticate(aYear, null, ADDRESS));
    }

    @Test
    void privateKeyJwtIssuedInTheFutureIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey,
                Date.from(clock.instant().plus(Duration.ofMinutes(4))),
                Date.from(clock.instant().plus(Duration.ofMinutes(3))), new JWTID());

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void privateKeyJwtExpiredByTheIssuerClockIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey,
                Date.from(clock.instant().plus(Duration.ofMinutes(2))));
        clock.advance(Duration.ofMinutes(4));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void replayedPrivateKeyJwtIsRejectedUntilItExpires() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey,
                Date.from(clock.instant().plus(Duration.ofMinutes(5))));
        authenticator.authenticate(assertion, null, ADDRESS);

        clock.advance(Duration.ofMinutes(4).plusSeconds(50));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void usedJtiIsKeptUntilItsAssertionCanNoLongerPass() throws Exception {
        Instant exp = clock.instant().plus(Duration.ofMinutes(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        authenticator.authenticate(assertion("jwt-app", TOKEN_ENDPOINT, clientKey, Date.from(exp)), null, ADDRESS);

        assertThat(usedAssertions.purgeExpired(exp.plus(ClientAuthenticator.CLOCK_SKEW))).isZero();
        assertThat(usedAssertions.purgeExpired(exp.plus(ClientAuthenticator.CLOCK_SKEW).plusSeconds(1))).isOne();
    }

    @Test
    void assertionUsedAtAnotherIssuerNodeIsInvalidClientHere() throws Exception {
        ClientAuthenticator otherNode = authenticator(usedAssertions);
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, inOneMinute());
        otherNode.authenticate(assertion, null, ADDRESS);

        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
    }

    @Test
    void jtiUsedByOneClientDoesNotBlockAnother() throws Exception {
        ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID("other-key").generate();
        clients.create(client("jwt-app-2", null, new JWKSet(otherKey.toPublicJWK()).toString(),
                ClientAuthenticationMethod.PRIVATE_KEY_JWT));
        JWTID shared = new JWTID("same-jti");
        Date issued = Date.from(clock.instant());
        authenticator.authenticate(assertion("jwt-app", TOKEN_ENDPOINT, clientKey, inOneMinute(), issued, shared), null, ADDRESS);

        OAuthClient other = authenticator.authenticate(
                assertion("jwt-app-2", TOKEN_ENDPOINT, otherKey, inOneMinute(), issued, shared), null, ADDRESS);

        assertThat(other.clientId()).isEqualTo("jwt-app-2");
    }

    @Test
    void failedAuthenticationsAreAuditedWithTheClaimedClientReasonAndAddress() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, inOneMinute());
        authenticator.authenticate(assertion, null, ADDRESS);

        assertInvalidClient(() -> authenticator.authenticate(basic("basic-app", "wrong secret"), null, ADDRESS));
        assertInvalidClient(() -> authenticator.authenticate(basic("nobody", SECRET), null, OTHER_ADDRESS));
        assertInvalidClient(() -> authenticator.authenticate(assertion, null, ADDRESS));
        assertInvalidClient(() -> authenticator.authenticate(null, new ClientID("basic-app"), ADDRESS));

        assertThat(audit.events).extracting(AuditEvent::type).containsOnly(ClientAuthenticator.FAILED);
        assertThat(audit.events).extracting(AuditEvent::clientId, AuditEvent::ipAddress, e -> e.details().get("reason"),
                        e -> e.details().get("method"))
                .containsExactly(tuple("basic-app", ADDRESS, "wrong_secret", "client_secret_basic"),
                        tuple("nobody", OTHER_ADDRESS, "unknown_client", "client_secret_basic"),
                        tuple("jwt-app", ADDRESS, "assertion_replayed", "private_key_jwt"),
                        tuple("basic-app", ADDRESS, "no_credentials", "none"));
        assertThat(audit.events).allSatisfy(e -> assertThat(e.details().toString()).doesNotContain("wrong secret", SECRET));
    }

    @Test
    void throttledAttemptsAreNotAudited() {
        failSecret("basic-app", ADDRESS, 5);

        assertThrottled(() -> authenticator.authenticate(basic("basic-app", "wrong secret"), null, ADDRESS));

        assertThat(audit.events).hasSize(5);
    }

    @Test
    void wrongSecretsPastTheFreeAttemptsThrottleTheRightSecretFromThatAddressOnly() {
        failSecret("basic-app", ADDRESS, 5);

        assertThrottled(() -> authenticator.authenticate(basic("basic-app", SECRET), null, ADDRESS));
        assertThat(authenticator.authenticate(basic("basic-app", SECRET), null, OTHER_ADDRESS).clientId()).isEqualTo("basic-app");
    }

    @Test
    void throttledClientAuthenticatesOnceTheWaitHasPassed() {
        failSecret("basic-app", ADDRESS, 5);
        Duration wait = catchThrowableOfType(OAuthException.class,
                () -> authenticator.authenticate(basic("basic-app", SECRET), null, ADDRESS)).retryAfter();

        clock.advance(wait.plusMillis(1));

        assertThat(authenticator.authenticate(basic("basic-app", SECRET), null, ADDRESS).clientId()).isEqualTo("basic-app");
    }

    @Test
    void throttledAttemptRunsNoSlowHash() {
        failSecret("chosen-app", ADDRESS, 5);
        int hashes = slowHashes.acquired();

        assertThrottled(() -> authenticator.authenticate(basic("chosen-app", "operator chosen"), null, ADDRESS));

        assertThat(slowHashes.acquired()).isEqualTo(hashes);
    }

    @Test
    void failuresForManyClientsFromOneAddressThrottleThatAddress() {
        for (int client = 0; client < 10; client++) {
            failSecret("guess-" + client, ADDRESS, 5);
        }

        assertThrottled(() -> authenticator.authenticate(basic("basic-app", SECRET), null, ADDRESS));
        assertThat(authenticator.authenticate(basic("basic-app", SECRET), null, OTHER_ADDRESS).clientId()).isEqualTo("basic-app");
    }

    @Test
    void successClearsTheCountOfTheClientAndAddress() {
        failSecret("basic-app", ADDRESS, 4);
        authenticator.authenticate(basic("basic-app", SECRET), null, ADDRESS);
        failSecret("basic-app", ADDRESS, 4);

        assertThat(authenticator.authenticate(basic("basic-app", SECRET), null, ADDRESS).clientId()).isEqualTo("basic-app");
    }

    private ClientAuthenticator authenticator(UsedAssertionStore used) {
        return new ClientAuthenticator(clients, secrets, used, new FailureAudit(audit, IssuerMetrics.NONE, clock),
                AUDIENCES, clock);
    }

    private Date inOneMinute() {
        return Date.from(clock.instant().plus(Duration.ofMinutes(1)));
    }

    private PrivateKeyJWT assertion(String clientId, URI audience, ECKey key, Date expires) throws Exception {
        return assertion(clientId, audience, key, expires, Date.from(clock.instant()), new JWTID());
    }

    private static PrivateKeyJWT assertion(String clientId, URI audience, ECKey key, Date expires, Date issued, JWTID jti)
            throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(clientId),
                List.of(new Audience(audience)), expires, null, issued, jti);
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toECPrivateKey(), key.getKeyID(), null);
    }

    private static void assertThrottled(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OAuthException.class, e -> {
            assertThat(e.error().getHTTPStatusCode()).isEqualTo(429);
            assertThat(e.retryAfter()).isPositive();
        });
    }

    private void failSecret(String clientId, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertInvalidClient(() -> authenticator.authenticate(basic(clientId, "wrong secret"), null, address));
        }
    }

    private static ClientSecretBasic basic(String clientId, String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }

    /** Counts the slow hashes {@link ClientSecrets} starts. */
    private static final class CountingSemaphore extends Semaphore {
        private final AtomicInteger acquired = new AtomicInteger();

        CountingSemaphore() {
            super(1);
        }

        @Override
        public void acquire() throws InterruptedException {
            acquired.incrementAndGet();
            super.acquire();
        }

        int acquired() {
            return acquired.get();
        }
    }

    private static void assertInvalidClient(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OAuthException.class, e -> {
            assertThat(e.error().getCode()).isEqualTo("invalid_client");
            assertThat(e.error().getHTTPStatusCode()).isEqualTo(401);
        });
    }

    private static OAuthClient client(String id, String secretHash, String jwks, ClientAuthenticationMethod method) {
        Set<GrantType> grants = method.equals(ClientAuthenticationMethod.NONE)
                ? Set.of(GrantType.REFRESH_TOKEN) : Set.of(GrantType.CLIENT_CREDENTIALS);
        return new OAuthClient(id, id, secretHash, Set.of(method), jwks, grants, Set.of("orders:read"),
                Set.of("https://orders.test"), Set.of(), List.of(), false, false, null, null, null, null, null, Instant.EPOCH, null);
    }
}

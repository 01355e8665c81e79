package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.testing.InMemoryClientStore;
import dev.gatehouse.core.user.PasswordHasher;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private static final URI TOKEN_ENDPOINT = URI.create("https://id.example.test/oauth2/token");
    private static final String SECRET = ClientSecrets.generate();

    private final InMemoryClientStore clients = new InMemoryClientStore();
    private final ClientSecrets secrets = new ClientSecrets(new PasswordHasher(new PasswordConfig(8 * 1024, 1, 1)));
    private final ClientAuthenticator authenticator = new ClientAuthenticator(clients, secrets,
            Set.of(URI.create("https://id.example.test"), TOKEN_ENDPOINT));
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
    }

    @Test
    void clientSecretBasicWithTheRightSecretAuthenticates() {
        OAuthClient client = authenticator.authenticate(new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET)), null);

        assertThat(client.clientId()).isEqualTo("basic-app");
    }

    @Test
    void clientSecretBasicWithMatchingClientIdParameterAuthenticates() {
        OAuthClient client = authenticator.authenticate(new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET)),
                new ClientID("basic-app"));

        assertThat(client.clientId()).isEqualTo("basic-app");
    }

    @Test
    void clientSecretPostWithTheRightSecretAuthenticates() {
        OAuthClient client = authenticator.authenticate(new ClientSecretPost(new ClientID("post-app"), new Secret(SECRET)), null);

        assertThat(client.clientId()).isEqualTo("post-app");
    }

    @Test
    void operatorChosenSecretAuthenticatesAgainstItsArgon2Hash() {
        clients.create(client("chosen-app", secrets.hashChosen("operator chosen"), null,
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC));

        OAuthClient client = authenticator.authenticate(
                new ClientSecretBasic(new ClientID("chosen-app"), new Secret("operator chosen")), null);

        assertThat(client.clientId()).isEqualTo("chosen-app");
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("chosen-app"), new Secret("operator chosen?")), null));
    }

    @Test
    void wrongSecretIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET + "x")), null));
    }

    @Test
    void unknownClientIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("nobody"), new Secret(SECRET)), null));
    }

    @Test
    void oversizedClientIdIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(null, new ClientID("x".repeat(257))));
    }

    @Test
    void methodTheClientIsNotRegisteredForIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretPost(new ClientID("basic-app"), new Secret(SECRET)), null));
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("post-app"), new Secret(SECRET)), null));
    }

    @Test
    void publicClientWithoutCredentialsIsIdentifiedByClientId() {
        OAuthClient client = authenticator.authenticate(null, new ClientID("spa"));

        assertThat(client.clientId()).isEqualTo("spa");
        assertThat(client.isPublic()).isTrue();
    }

    @Test
    void publicClientCannotPresentASecret() {
        assertInvalidClient(() -> authenticator.authenticate(new ClientSecretBasic(new ClientID("spa"), new Secret(SECRET)), null));
    }

    @Test
    void confidentialClientWithoutCredentialsIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(null, new ClientID("basic-app")));
    }

    @Test
    void requestWithoutCredentialsOrClientIdIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(null, null));
    }

    @Test
    void clientIdParameterNamingAnotherClientIsInvalidClient() {
        assertInvalidClient(() -> authenticator.authenticate(
                new ClientSecretBasic(new ClientID("basic-app"), new Secret(SECRET)), new ClientID("post-app")));
    }

    @Test
    void privateKeyJwtSignedWithTheRegisteredKeyAuthenticates() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, new Date(System.currentTimeMillis() + 60_000));

        assertThat(authenticator.authenticate(assertion, null).clientId()).isEqualTo("jwt-app");
    }

    @Test
    void privateKeyJwtForAnotherAudienceIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", URI.create("https://other-issuer.test/token"), clientKey,
                new Date(System.currentTimeMillis() + 60_000));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null));
    }

    @Test
    void expiredPrivateKeyJwtIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, new Date(System.currentTimeMillis() - 600_000));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null));
    }

    @Test
    void replayedPrivateKeyJwtIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, clientKey, new Date(System.currentTimeMillis() + 60_000));
        authenticator.authenticate(assertion, null);

        assertInvalidClient(() -> authenticator.authenticate(assertion, null));
    }

    @Test
    void privateKeyJwtSignedWithAnUnknownKeyIsInvalidClient() throws Exception {
        ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID("client-key-2").generate();
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, unknown, new Date(System.currentTimeMillis() + 60_000));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null));
    }

    @Test
    void privateKeyJwtSignedWithAnotherKeyUnderTheRegisteredKidIsInvalidClient() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(clientKey.getKeyID()).generate();
        PrivateKeyJWT assertion = assertion("jwt-app", TOKEN_ENDPOINT, impostor, new Date(System.currentTimeMillis() + 60_000));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null));
    }

    @Test
    void privateKeyJwtOfAClientWithoutRegisteredKeysIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("jwt-without-keys", TOKEN_ENDPOINT, clientKey,
                new Date(System.currentTimeMillis() + 60_000));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null));
    }

    @Test
    void privateKeyJwtOfASecretClientIsInvalidClient() throws Exception {
        PrivateKeyJWT assertion = assertion("basic-app", TOKEN_ENDPOINT, clientKey, new Date(System.currentTimeMillis() + 60_000));

        assertInvalidClient(() -> authenticator.authenticate(assertion, null));
    }

    private static PrivateKeyJWT assertion(String clientId, URI audience, ECKey key, Date expires) throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(clientId),
                List.of(new Audience(audience)), expires, null, new Date(), new JWTID());
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toECPrivateKey(), key.getKeyID(), null);
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
                Set.of("https://orders.test"), Set.of(), List.of(), false, false, null, null, null, null, Instant.EPOCH);
    }
}

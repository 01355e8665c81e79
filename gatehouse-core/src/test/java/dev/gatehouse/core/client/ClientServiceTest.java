package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.testing.InMemoryClientStore;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.store.Transactions;
import dev.gatehouse.core.testing.RecordingAuditLog;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.core.validation.InvalidFieldException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientServiceTest {
    private final InMemoryClientStore clients = new InMemoryClientStore();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    // registration never revokes, so no revocation machinery is needed here
    private final ClientService service = new ClientService(new Transactions() {
        @Override
        public <T> T inTransaction(java.util.function.Supplier<T> work) {
            return work.get();
        }
    }, clients, null,
            TokenConfig.defaults(URI.create("https://id.example.test")), audit, MutableClock.startingNow());

    @Test
    void privateKeyJwtClientWithAnEcKeyIsRegistered() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();

        service.create(jwtClient("signer", key.toPublicJWK()), "admin");

        assertThat(clients.find("signer")).isPresent();
    }

    @Test
    void privateKeyJwtClientWithAnEd25519KeyIsRejectedAtRegistration() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        JWK ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate().toPublicJWK();

        assertThatThrownBy(() -> service.create(jwtClient("signer", ec.toPublicJWK(), ed), "admin"))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("jwks: Ed25519 keys are not supported for private_key_jwt; use EC P-256 or RSA");
        assertThatThrownBy(() -> service.upsert(jwtClient("signer", ed), "provisioning"))
                .hasMessage("jwks: Ed25519 keys are not supported for private_key_jwt; use EC P-256 or RSA");
        assertThat(clients.find("signer")).isEmpty();
        assertThat(audit.events).isEmpty();
    }

    @Test
    void listsOverTheirBoundAreRefusedNamingTheFieldAndNothingIsStored() {
        Set<String> thousand = words("w", 1000);

        assertRefused(service(thousand, Set.of("https://orders.test"), Set.of(), List.of()), "scopes");
        assertRefused(service(Set.of("orders:read"), thousand, Set.of(), List.of()), "audiences");
        assertRefused(service(Set.of("orders:read"), Set.of("https://orders.test"), thousand, List.of()), "roles");
        assertRefused(service(Set.of(), Set.of(), Set.of(), Collections.nCopies(1000, URI.create("https://a.test/cb"))),
                "redirect_uris");
        assertThat(clients.list()).isEmpty();
        assertThat(audit.events).isEmpty();
    }

    @Test
    void listsAtTheirBoundWithTheLongestValuesAreRegistered() {
        OAuthClient client = service(words("s", FieldBounds.SCOPES_MAX, FieldBounds.SCOPE_MAX),
                words("a", FieldBounds.AUDIENCES_MAX, FieldBounds.AUDIENCE_MAX),
                words("r", FieldBounds.ROLES_MAX, FieldBounds.ROLE_MAX), List.of(URI.create("https://a.test/cb")));

        service.create(client, "admin");

        assertThat(clients.find("svc")).contains(client);
    }

    @Test
    void valuesOutsideTheirCharsetAreRefusedNamingTheField() {
        assertRefused(service(Set.of("quo\"te"), Set.of(), Set.of(), List.of()), "scopes");
        assertRefused(service(Set.of(), Set.of("caf\u00e9"), Set.of(), List.of()), "audiences");
        assertRefused(service(Set.of(), Set.of(), Set.of("a/b"), List.of()), "roles");
        assertRefused(service(Set.of(), Set.of(), Set.of("r".repeat(FieldBounds.ROLE_MAX + 1)), List.of()), "roles");
    }

    @Test
    void unsafeRedirectUriIsRefusedAtRegistrationAndAtUpsert() {
        OAuthClient client = service(Set.of(), Set.of(), Set.of(), List.of(URI.create("javascript:alert(1)")));

        assertRefused(client, "redirect_uris");
        assertThatThrownBy(() -> service.upsert(client, "provisioning")).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("redirect_uris: ");
        assertThat(clients.list()).isEmpty();
    }

    @Test
    void refreshIdleLifetimeLongerThanTheAbsoluteOneIsRefused() {
        // issuer defaults: idle 8 h, absolute 30 d
        assertRefused(lifetimes(Duration.ofDays(2), Duration.ofDays(1)), "refresh_idle_ttl");
        assertRefused(lifetimes(Duration.ofDays(31), null), "refresh_idle_ttl");
        assertRefused(lifetimes(null, Duration.ofHours(1)), "refresh_absolute_ttl");

        service.create(lifetimes(Duration.ofDays(1), Duration.ofDays(1)), "admin");
        assertThat(clients.find("svc")).isPresent();
    }

    @Test
    void lifetimesMustBeWholeSecondsWithinTheirBounds() {
        assertRefused(lifetimes(Duration.ofMillis(1500), null), "refresh_idle_ttl");
        assertRefused(lifetimes(null, Duration.ofSeconds(FieldBounds.LIFETIME_MAX_SECONDS + 1)), "refresh_absolute_ttl");
        assertRefused(lifetimes(Duration.ZERO, null), "refresh_idle_ttl");
    }

    @Test
    void overlongNameAndSecretHashAreRefused() {
        assertRefused(client("svc", "n".repeat(FieldBounds.CLIENT_NAME_MAX + 1), ClientSecrets.hashGenerated("secret"),
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS, null, null), "name");
        assertRefused(client("svc", "svc", "$argon2id$" + "x".repeat(FieldBounds.HASH_MAX),
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS, null, null), "secret_hash");
    }

    @Test
    void rotatingTheSecretOfAPublicClientIsRefusedNamingItsAuthMethods() {
        service.create(client("spa", "spa", null, ClientAuthenticationMethod.NONE, GrantType.REFRESH_TOKEN, null, null),
                "admin");

        assertThatThrownBy(() -> service.rotateSecret("spa", "admin")).isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("auth_methods");
    }

    @Test
    void refreshGracePeriodIsWholeSecondsFromZeroToSixty() {
        service.create(TestClients.confidential("strict").refreshGracePeriod(Duration.ZERO).build(), "admin");
        service.create(TestClients.confidential("patient").refreshGracePeriod(Duration.ofSeconds(60)).build(), "admin");

        assertThat(clients.find("strict").orElseThrow().refreshGracePeriod()).isZero();
        assertThat(clients.find("patient").orElseThrow().refreshGracePeriod()).isEqualTo(Duration.ofSeconds(60));
        for (Duration invalid : List.of(Duration.ofSeconds(-1), Duration.ofSeconds(61), Duration.ofMillis(1500))) {
            assertRefused(TestClients.confidential("bad").refreshGracePeriod(invalid).build(), "refresh_grace_period");
        }
    }

    private void assertRefused(OAuthClient client, String field) {
        assertThatThrownBy(() -> service.create(client, "admin"))
                .isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo(field);
    }

    /** A confidential client_credentials client "svc" with a declared secret hash. */
    private static OAuthClient service(Set<String> scopes, Set<String> audiences, Set<String> roles, List<URI> redirects) {
        return client("svc", "svc", ClientSecrets.hashGenerated("secret"), ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                GrantType.CLIENT_CREDENTIALS, scopes, audiences, roles, redirects, null, null);
    }

    private static OAuthClient lifetimes(Duration idle, Duration absolute) {
        return client("svc", "svc", ClientSecrets.hashGenerated("secret"), ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                GrantType.CLIENT_CREDENTIALS, idle, absolute);
    }

    private static OAuthClient client(String id, String name, String secretHash, ClientAuthenticationMethod method,
                                      GrantType grant, Duration idle, Duration absolute) {
        return client(id, name, secretHash, method, grant, Set.of(), Set.of(), Set.of(), List.of(), idle, absolute);
    }

    private static OAuthClient client(String id, String name, String secretHash, ClientAuthenticationMethod method,
                                      GrantType grant, Set<String> scopes, Set<String> audiences, Set<String> roles,
                                      List<URI> redirects, Duration idle, Duration absolute) {
        return new OAuthClient(id, name, secretHash, Set.of(method), null, Set.of(grant), scopes, audiences, roles,
                redirects, false, false, null, idle, absolute, null, null, Instant.EPOCH, null);
    }

    private static Set<String> words(String prefix, int count) {
        Set<String> words = new HashSet<>();
        for (int i = 0; i < count; i++) {
            words.add(prefix + i);
        }
        return words;
    }

    /** {@code count} distinct words of exactly {@code length} characters. */
    private static Set<String> words(String prefix, int count, int length) {
        Set<String> words = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String head = prefix + i;
            words.add(head + "x".repeat(length - head.length()));
        }
        return words;
    }

    private static OAuthClient jwtClient(String id, JWK... keys) {
        return new OAuthClient(id, id, null, Set.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT),
                new JWKSet(List.of(keys)).toString(), Set.of(GrantType.CLIENT_CREDENTIALS), Set.of("orders:read"),
                Set.of("https://orders.test"), Set.of(), List.of(), false, false, null, null, null, null, null, Instant.EPOCH, null);
    }
}

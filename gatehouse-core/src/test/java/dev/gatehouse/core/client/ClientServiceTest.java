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
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jwks: Ed25519 keys are not supported for private_key_jwt; use EC P-256 or RSA");
        assertThatThrownBy(() -> service.upsert(jwtClient("signer", ed), "provisioning"))
                .hasMessage("jwks: Ed25519 keys are not supported for private_key_jwt; use EC P-256 or RSA");
        assertThat(clients.find("signer")).isEmpty();
        assertThat(audit.events).isEmpty();
    }

    @Test
    void refreshGracePeriodIsWholeSecondsFromZeroToSixty() {
        service.create(TestClients.confidential("strict").refreshGracePeriod(Duration.ZERO).build(), "admin");
        service.create(TestClients.confidential("patient").refreshGracePeriod(Duration.ofSeconds(60)).build(), "admin");

        assertThat(clients.find("strict").orElseThrow().refreshGracePeriod()).isZero();
        assertThat(clients.find("patient").orElseThrow().refreshGracePeriod()).isEqualTo(Duration.ofSeconds(60));
        for (Duration invalid : List.of(Duration.ofSeconds(-1), Duration.ofSeconds(61), Duration.ofMillis(1500))) {
            assertThatThrownBy(() -> service.create(TestClients.confidential("bad").refreshGracePeriod(invalid).build(),
                    "admin"))
                    .as("%s", invalid)
                    .hasMessage("refresh_grace_period: whole seconds from 0 (strict) to 60");
        }
        assertThat(clients.find("bad")).isEmpty();
    }

    private static OAuthClient jwtClient(String id, JWK... keys) {
        return new OAuthClient(id, id, null, Set.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT),
                new JWKSet(List.of(keys)).toString(), Set.of(GrantType.CLIENT_CREDENTIALS), Set.of("orders:read"),
                Set.of("https://orders.test"), Set.of(), List.of(), false, false, null, null, null, null, null, Instant.EPOCH);
    }
}

package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteKeysTest {
    private final LocalIssuer issuer = newIssuer();
    private final ECKey first = TestTokens.ecKey("key-1");

    private static LocalIssuer newIssuer() {
        try {
            return new LocalIssuer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private JwtTokenVerifier verifierOver(RemoteKeys keys) {
        return JwtTokenVerifier.builder(issuer.issuer(), keys).build();
    }

    private String tokenSignedBy(ECKey key) {
        return TestTokens.token(key, Instant.now(), c -> c.issuer(issuer.issuer()));
    }

    @Test
    void findsTheKeySetThroughTheDiscoveryDocument() throws Exception {
        issuer.publish(first);
        try (RemoteKeys keys = RemoteKeys.discover(RemoteKeys.Options.of(issuer.uri()))) {
            assertThat(keys.jwksUri()).isEqualTo(URI.create(issuer.issuer() + "/jwks"));
            assertThat(verifierOver(keys).verify(tokenSignedBy(first)).subject()).isEqualTo("alice");
            assertThat(keys.loaded()).isTrue();
        }
    }

    @Test
    void fallsBackToOAuthServerMetadata() throws Exception {
        issuer.withoutOpenIdConfiguration();
        issuer.publish(first);
        try (RemoteKeys keys = RemoteKeys.discover(RemoteKeys.Options.of(issuer.uri()))) {
            assertThat(verifierOver(keys).verify(tokenSignedBy(first)).subject()).isEqualTo("alice");
        }
    }

    @Test
    void refusesToStartWhenTheMetadataNamesAnotherIssuer() {
        issuer.advertiseIssuer("https://evil.example");

        assertThatThrownBy(() -> RemoteKeys.discover(RemoteKeys.Options.of(issuer.uri())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names issuer \"https://evil.example\"")
                .hasMessageContaining("not the configured \"" + issuer.issuer() + "\"");
    }

    @Test
    void refusesToStartWhenTheIssuerDiffersOnlyByATrailingSlash() {
        assertThatThrownBy(() -> RemoteKeys.discover(RemoteKeys.Options.of(URI.create(issuer.issuer() + "/"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the configured");
    }

    @Test
    void reportsAnUnreachableIssuerAsAnIoFailure() {
        URI nowhere = issuer.uri();
        issuer.close();

        assertThatThrownBy(() -> RemoteKeys.discover(RemoteKeys.Options.of(nowhere)))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot read the metadata of issuer " + nowhere);
    }

    @Test
    void aTokenSignedByANewlyPublishedKeyVerifiesAfterOneFetch() throws Exception {
        issuer.publish(first);
        try (RemoteKeys keys = RemoteKeys.discover(RemoteKeys.Options.of(issuer.uri()).withRefreshFloor(Duration.ZERO))) {
            JwtTokenVerifier verifier = verifierOver(keys);
            verifier.verify(tokenSignedBy(first));
            assertThat(issuer.jwksFetches()).isEqualTo(1);

            ECKey second = TestTokens.ecKey("key-2");
            issuer.publish(second);

            assertThat(verifier.verify(tokenSignedBy(second)).subject()).isEqualTo("alice");
            assertThat(issuer.jwksFetches()).isEqualTo(2);
            assertThat(verifier.verify(tokenSignedBy(first)).subject()).isEqualTo("alice");
            assertThat(issuer.jwksFetches()).isEqualTo(2);
        }
    }

    @Test
    void aFloodOfUnknownKeyIdsFetchesAtMostOncePerFloorInterval() throws Exception {
        issuer.publish(first);
        try (RemoteKeys keys = RemoteKeys.discover(RemoteKeys.Options.of(issuer.uri()).withRefreshFloor(Duration.ofMinutes(1)));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            JwtTokenVerifier verifier = verifierOver(keys);
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String forged = tokenSignedBy(TestTokens.ecKey("made-up-" + i));
                attempts.add(pool.submit(() -> {
                    assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidTokenException.class);
                    return null;
                }));
            }
            for (Future<?> attempt : attempts) {
                attempt.get();
            }

            assertThat(issuer.jwksFetches()).isEqualTo(1);
            assertThat(keys.fetches()).isEqualTo(1);
            assertThat(verifier.verify(tokenSignedBy(first)).subject()).isEqualTo("alice");
        }
    }

    @Test
    void keepsTheLastKeysWhenTheIssuerCannotBeReached() throws Exception {
        issuer.publish(first);
        RemoteKeys keys = RemoteKeys.discover(RemoteKeys.Options.of(issuer.uri())
                .withRefreshFloor(Duration.ZERO).withTimeToLive(Duration.ofMillis(50)));
        try (keys) {
            JwtTokenVerifier verifier = verifierOver(keys);
            verifier.verify(tokenSignedBy(first));
            issuer.close();
            Thread.sleep(100);

            assertThat(verifier.verify(tokenSignedBy(first)).subject()).isEqualTo("alice");
            assertThat(keys.fetches()).isGreaterThan(1);
        }
    }

    @Test
    void optionsNameTheSettingThatIsWrong() {
        assertThatThrownBy(() -> RemoteKeys.Options.of(URI.create("ftp://x")))
                .hasMessageContaining("issuer");
        assertThatThrownBy(() -> RemoteKeys.Options.of(URI.create("https://x")).withRefreshFloor(Duration.ofHours(1)))
                .hasMessageContaining("JWKS refresh floor");
        assertThatThrownBy(() -> RemoteKeys.Options.of(URI.create("https://x")).withTimeToLive(Duration.ZERO))
                .hasMessageContaining("JWKS time to live");
    }
}

package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntitlementsTest {
    private static final TokenConfig CONFIG = TokenConfig.defaults(URI.create("https://id.example.test"));

    private final OAuthClient client = client(null, null, null);

    @Test
    void noScopeRequestedGivesTheRegisteredScopesSorted() {
        assertThat(Entitlements.scope(client, null).toString()).isEqualTo("orders:read orders:write");
        assertThat(Entitlements.scope(client, new Scope()).toString()).isEqualTo("orders:read orders:write");
    }

    @Test
    void scopeWithinTheRegistrationIsGrantedAsRequested() {
        assertThat(Entitlements.scope(client, Scope.parse("orders:read"))).isEqualTo(Scope.parse("orders:read"));
    }

    @Test
    void theAdminScopeIsDroppedForASubjectWithoutTheAdminRole() {
        assertThat(Entitlements.entitled(Scope.parse("openid admin profile"), Set.of("staff")))
                .isEqualTo(Scope.parse("openid profile"));
        assertThat(Entitlements.entitled(Scope.parse("admin"), Set.of())).isEmpty();
    }

    @Test
    void theAdminScopeIsKeptForASubjectWithTheAdminRole() {
        assertThat(Entitlements.entitled(Scope.parse("openid admin"), Set.of("staff", User.ADMIN_ROLE)))
                .isEqualTo(Scope.parse("openid admin"));
    }

    @Test
    void scopeBeyondTheRegistrationIsInvalidScope() {
        assertThatThrownBy(() -> Entitlements.scope(client, Scope.parse("orders:read admin")))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error().getCode()).isEqualTo("invalid_scope");
                    assertThat(e.error().getHTTPStatusCode()).isEqualTo(400);
                    assertThat(e.error().getDescription()).contains("admin");
                });
    }

    @Test
    void narrowingWithoutScopeKeepsTheGrantedScope() {
        Scope granted = Scope.parse("a b");

        assertThat(Entitlements.narrow(granted, null)).isEqualTo(granted);
        assertThat(Entitlements.narrow(granted, new Scope())).isEqualTo(granted);
    }

    @Test
    void narrowingToASubsetGivesTheSubset() {
        assertThat(Entitlements.narrow(Scope.parse("a b"), Scope.parse("b"))).isEqualTo(Scope.parse("b"));
    }

    @Test
    void wideningOnRefreshIsInvalidScope() {
        assertThatThrownBy(() -> Entitlements.narrow(Scope.parse("a"), Scope.parse("a b")))
                .isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.error().getCode()).isEqualTo("invalid_scope"));
    }

    @Test
    void noResourceRequestedGivesEveryRegisteredAudience() {
        assertThat(Entitlements.audience(client, List.of()))
                .containsExactlyInAnyOrder("https://orders.test", "https://billing.test");
    }

    @Test
    void requestedResourcesThatAreRegisteredBecomeTheAudience() {
        assertThat(Entitlements.audience(client, List.of(URI.create("https://orders.test"))))
                .containsExactly("https://orders.test");
    }

    @Test
    void unregisteredResourceIsInvalidTarget() {
        assertThatThrownBy(() -> Entitlements.audience(client,
                List.of(URI.create("https://orders.test"), URI.create("https://evil.test"))))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error().getCode()).isEqualTo("invalid_target");
                    assertThat(e.error().getHTTPStatusCode()).isEqualTo(400);
                });
    }

    @Test
    void refreshKeepsTheAudienceGrantedAtLogin() {
        assertThat(Entitlements.stillGrantedAudience(client, Set.of("https://orders.test")))
                .containsExactly("https://orders.test");
    }

    @Test
    void refreshOfATokenWithoutStoredAudienceGetsTheRegisteredAudiences() {
        assertThat(Entitlements.stillGrantedAudience(client, null))
                .containsExactlyInAnyOrder("https://orders.test", "https://billing.test");
    }

    @Test
    void refreshDropsAnAudienceTheRegistrationNoLongerHas() {
        assertThat(Entitlements.stillGrantedAudience(client, Set.of("https://orders.test", "https://gone.test")))
                .containsExactly("https://orders.test");
    }

    @Test
    void refreshWhenNoGrantedAudienceIsRegisteredAnyMoreIsInvalidTarget() {
        assertThatThrownBy(() -> Entitlements.stillGrantedAudience(client, Set.of("https://gone.test")))
                .isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.error().getCode()).isEqualTo("invalid_target"));
    }

    @Test
    void narrowingTheAudienceWithoutResourceKeepsTheGrantedAudience() {
        Set<String> granted = Set.of("https://orders.test", "https://billing.test");

        assertThat(Entitlements.narrowAudience(granted, List.of())).isEqualTo(granted);
        assertThat(Entitlements.narrowAudience(granted, List.of(URI.create("https://billing.test"))))
                .containsExactly("https://billing.test");
    }

    @Test
    void aResourceOutsideTheGrantedAudienceIsInvalidTargetOnRefresh() {
        assertThatThrownBy(() -> Entitlements.narrowAudience(Set.of("https://orders.test"),
                List.of(URI.create("https://billing.test"))))
                .isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.error().getCode()).isEqualTo("invalid_target"));
    }

    @Test
    void lifetimesDefaultToTheIssuerSettings() {
        assertThat(Entitlements.accessTokenTtl(client, CONFIG)).isEqualTo(CONFIG.accessTokenTtl());
        assertThat(Entitlements.refreshIdleTtl(client, CONFIG)).isEqualTo(CONFIG.refreshIdleTtl());
        assertThat(Entitlements.refreshAbsoluteTtl(client, CONFIG)).isEqualTo(CONFIG.refreshAbsoluteTtl());
    }

    @Test
    void clientOverridesTakePrecedence() {
        OAuthClient custom = client(Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofDays(2));

        assertThat(Entitlements.accessTokenTtl(custom, CONFIG)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Entitlements.refreshIdleTtl(custom, CONFIG)).isEqualTo(Duration.ofHours(1));
        assertThat(Entitlements.refreshAbsoluteTtl(custom, CONFIG)).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void accessTokenLifetimeIsCappedAtTheIssuerMaximum() {
        OAuthClient greedy = client(CONFIG.maxAccessTokenTtl().plusMinutes(1), null, null);

        assertThat(Entitlements.accessTokenTtl(greedy, CONFIG)).isEqualTo(CONFIG.maxAccessTokenTtl());
    }

    private static OAuthClient client(Duration accessTtl, Duration idleTtl, Duration absoluteTtl) {
        return TestClients.confidential("orders-app").scope("orders:write", "orders:read").noAudience()
                .audience("https://orders.test", "https://billing.test")
                .accessTokenTtl(accessTtl).refreshIdleTtl(idleTtl).refreshAbsoluteTtl(absoluteTtl).build();
    }
}

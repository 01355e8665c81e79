package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrippedHeadersTest {
    private final StrippedHeaders defaults = StrippedHeaders.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Groups", "X-Forwarded-Preferred-Username",
            "X-Forwarded-Access-Token", "Remote-User", "Remote-Groups", "Remote-Email", "Remote-Name", "X-Remote-User",
            "X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Anything", "X-Gatehouse-Subject",
            "X-Gatehouse-Whatever"})
    void removesOtherGatewaysAndGatehousesIdentityHeadersByDefault(String name) {
        assertThat(defaults.matches(name)).isTrue();
        assertThat(defaults.matches(name.toLowerCase())).isTrue();
        assertThat(defaults.matches(name.toUpperCase())).isTrue();
        assertThat(defaults.matches(name.replace('-', '_'))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-Id", "Remote-Address",
            "X-Forwarded-Users", "X-Auth-Request", "X-Gatehouse", "Cookie", "Host"})
    void keepsEverythingElse(String name) {
        assertThat(defaults.matches(name)).isFalse();
    }

    @Test
    void namesAndPrefixesCanBeAddedInEitherSpelling() {
        StrippedHeaders more = defaults.and(List.of("X-User-Id", "x_roles", "X-Tenant-*"));

        assertThat(more.matches("x-user-id")).isTrue();
        assertThat(more.matches("X_User_Id")).isTrue();
        assertThat(more.matches("X-Roles")).isTrue();
        assertThat(more.matches("X-Tenant-Name")).isTrue();
        assertThat(more.matches("X-Tenant")).isFalse();
        assertThat(more.matches("X-User-Ids")).isFalse();
        assertThat(more.matches("Remote-User")).isTrue();
        assertThat(more.patterns()).endsWith("X-User-Id", "x_roles", "X-Tenant-*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "X User", "X-User:", "X-*-Id", "X-Tenant**", "Ünicode", "X-Roles\r\nX-Evil"})
    void refusesWhatIsNotAHeaderNameOrPrefix(String pattern) {
        assertThatThrownBy(() -> defaults.and(List.of(pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a header name, or a prefix ending in *")
                .hasMessageNotContaining("\r");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Transfer_Encoding", "Content-*", "C*", "Upgrade", "Sec-WebSocket-*"})
    void refusesToRemoveWhatForwardingNeeds(String pattern) {
        assertThatThrownBy(() -> defaults.and(List.of(pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("which forwarding needs");
    }
}

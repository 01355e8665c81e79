package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    static final URI A = URI.create("http://a:8080");
    static final URI B = URI.create("http://b:8080");
    static final URI C = URI.create("http://c:8080");
    static final URI D = URI.create("http://d:8080");

    @Test
    void prefixMatchesItselfAndEverythingBelowButNotALongerName() {
        Router router = new Router(List.of(Route.open(null, "/orders", A)));

        assertThat(router.match("x", "/orders")).isPresent();
        assertThat(router.match("x", "/orders/1")).isPresent();
        assertThat(router.match("x", "/ordersx")).isEmpty();
        assertThat(router.match("x", "/")).isEmpty();
    }

    @Test
    void longestPrefixWins() {
        Router router = new Router(List.of(Route.open(null, "/", A), Route.open(null, "/orders", B),
                Route.open(null, "/orders/admin", C)));

        assertThat(router.match("x", "/orders/admin/1").orElseThrow().upstream()).isEqualTo(C);
        assertThat(router.match("x", "/orders/1").orElseThrow().upstream()).isEqualTo(B);
        assertThat(router.match("x", "/other").orElseThrow().upstream()).isEqualTo(A);
    }

    @Test
    void exactHostBeatsWildcardBeatsAnyHostEvenWithAShorterPrefix() {
        Router router = new Router(List.of(Route.open(null, "/api/v1", A), Route.open("*.example.com", "/", B),
                Route.open("shop.example.com", "/", C)));

        assertThat(router.match("shop.example.com", "/api/v1/x").orElseThrow().upstream()).isEqualTo(C);
        assertThat(router.match("SHOP.Example.com", "/api/v1/x").orElseThrow().upstream()).isEqualTo(C);
        assertThat(router.match("blog.example.com", "/api/v1/x").orElseThrow().upstream()).isEqualTo(B);
        assertThat(router.match("example.com", "/api/v1/x").orElseThrow().upstream()).isEqualTo(A);
        assertThat(router.match("example.com", "/other")).isEmpty();
    }

    @Test
    void wildcardHostNeedsAtLeastOneMoreLabel() {
        Router router = new Router(List.of(Route.open("*.example.com", "/", D)));

        assertThat(router.match("a.b.example.com", "/")).isPresent();
        assertThat(router.match("example.com", "/")).isEmpty();
        assertThat(router.match("badexample.com", "/")).isEmpty();
    }

    @Test
    void protectedRouteNeedsAnAudience() {
        assertThatThrownBy(() -> Route.guarded(null, "/orders", A, null))
                .hasMessage("route /orders: audience: required unless the route is public");
    }

    @Test
    void publicRouteTakesNoRequirements() {
        assertThatThrownBy(() -> Route.open(null, "/orders", A).withScopes("x"))
                .hasMessageContaining("route /orders: a public route takes no audience, scopes or roles");
    }

    @Test
    void upstreamMustBeHttpOrHttps() {
        assertThatThrownBy(() -> Route.open(null, "/x", URI.create("ftp://files")))
                .hasMessageContaining("upstream").hasMessageContaining("ftp://files");
    }

    @Test
    void reservedPrefixCannotBeRouted() {
        assertThatThrownBy(() -> Route.open(null, "/__gatehouse/metrics", A))
                .hasMessageContaining("/__gatehouse is reserved");
    }

    @Test
    void pathWithDotSegmentsIsRefused() {
        assertThatThrownBy(() -> Route.open(null, "/a/../b", A)).hasMessageContaining("\"/a/../b\"");
    }

    @Test
    void badHostPatternIsRefused() {
        assertThatThrownBy(() -> Route.open("api.*.com", "/", A)).hasMessageContaining("host").hasMessageContaining("api.*.com");
    }

    @Test
    void trailingSlashOfAPrefixIsIgnored() {
        assertThat(Route.open(null, "/orders/", A).pathPrefix()).isEqualTo("/orders");
    }

    @Test
    void twoRoutesForTheSameHostAndPathAreRefused() {
        assertThatThrownBy(() -> GatewayConfig.of("0.0.0.0", 8443, List.of(Route.open(null, "/a", A), Route.open(null, "/a/", B))))
                .hasMessageContaining("gateway.routes: two routes for host and path \"/a\"");
    }

    @Test
    void upstreamPathIsJoinedWithTheStrippedOrFullPath() {
        Route stripped = Route.open(null, "/orders", URI.create("http://svc:8080/api/")).strippingPrefix();
        Route full = Route.open(null, "/orders", URI.create("https://svc"));

        assertThat(new Forwarding(stripped, Map.of(), "/orders/1%202").upstreamTarget("a=b", false))
                .hasToString("http://svc:8080/api/1%202?a=b");
        assertThat(new Forwarding(stripped, Map.of(), "/orders").upstreamTarget(null, true))
                .hasToString("ws://svc:8080/api");
        assertThat(new Forwarding(full, Map.of(), "/orders/1").upstreamTarget(null, true))
                .hasToString("wss://svc/orders/1");
    }
}

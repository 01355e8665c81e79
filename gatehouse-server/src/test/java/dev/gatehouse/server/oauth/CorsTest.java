package dev.gatehouse.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browser applications on their own origins reach the endpoints they need, and no other origin does. */
class CorsTest {
    @TempDir
    Path dir;

    TestIssuer issuer;
    OAuthHttp http;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        http = new OAuthHttp(issuer.baseUri());
        issuer.register(TestClients.confidential("web").grant(GrantType.AUTHORIZATION_CODE)
                .redirectUri("https://web.example/login/callback").build());
        issuer.register(TestClients.publicClient("spa").grant(GrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1/callback").build());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void theOriginOfARegisteredRedirectUriMayCallTheTokenEndpoint() {
        HttpResponse<String> preflight = http.method("OPTIONS", Endpoints.TOKEN, "Origin", "https://web.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        HttpResponse<String> token = http.post(Endpoints.TOKEN, "grant_type=refresh_token&refresh_token=x&client_id=spa",
                "Origin", "https://web.example");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://web.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Authorization, Content-Type");
        assertThat(token.statusCode()).isEqualTo(400);
        assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://web.example");
        assertThat(token.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(token.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
    }

    @Test
    void aLoopbackRedirectUriAllowsItsHostOnAnyPort() {
        HttpResponse<String> preflight = http.method("OPTIONS", Endpoints.USERINFO, "Origin", "http://127.0.0.1:5173",
                "Access-Control-Request-Method", "GET");

        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:5173");
    }

    @Test
    void anyOtherOriginGetsNoPermission() {
        for (String origin : new String[] {"https://evil.example", "https://web.example.evil.example",
                "http://web.example", "https://web.example:8443", "null", "http://localhost:5173"}) {
            HttpResponse<String> preflight = http.method("OPTIONS", Endpoints.TOKEN, "Origin", origin,
                    "Access-Control-Request-Method", "POST");
            HttpResponse<String> revoke = http.post(Endpoints.REVOCATION, "token=x&client_id=spa", "Origin", origin);

            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).as(origin).isEmpty();
            assertThat(revoke.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
        }
    }

    @Test
    void dozensOfConcurrentCallersFromARegisteredOriginAreAllAnsweredAndNoneFromAnother() throws Exception {
        int callers = 48;
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String origin = i % 2 == 0 ? "https://web.example" : "https://evil.example";
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.method("OPTIONS", Endpoints.TOKEN, "Origin", origin, "Access-Control-Request-Method", "POST");
                }));
            }
            go.countDown();
            for (int i = 0; i < callers; i++) {
                HttpResponse<String> answer = answers.get(i).get(30, TimeUnit.SECONDS);
                if (i % 2 == 0) {
                    assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://web.example");
                } else {
                    assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
                }
            }
        }
    }

    @Test
    void introspectionIsNeverOfferedToBrowsers() {
        HttpResponse<String> preflight = http.method("OPTIONS", Endpoints.INTROSPECTION, "Origin", "https://web.example",
                "Access-Control-Request-Method", "POST");

        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void discoveryAndKeysAreReadableFromAnyOrigin() {
        for (String path : new String[] {Endpoints.OIDC_DISCOVERY, Endpoints.AS_METADATA, Endpoints.JWKS}) {
            HttpResponse<String> get = http.get(path, "Origin", "https://anyone.example");

            assertThat(get.statusCode()).as(path).isEqualTo(200);
            assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
        }
    }
}

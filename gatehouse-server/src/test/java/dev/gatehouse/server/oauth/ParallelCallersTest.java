package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.basic;
import static dev.gatehouse.server.oauth.OAuthHttp.form;
import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.login.ParallelAttempts;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.login.FirstPartyLogin;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many callers at once from one address, as a resource server, a service or a backend calls: correct ones
 * are never refused, and wrong ones get no more checks than the free attempts plus the attempts that may
 * run in parallel.
 */
class ParallelCallersTest {
    private static final int CALLERS = 64;
    private static final String PASSWORD = "correct horse battery";
    private static final String SERVICE_SECRET = "service secret chosen by an operator";
    private static final String APP_SECRET = "app secret chosen by an operator";
    private static final String INTROSPECTOR_SECRET = "introspector secret chosen by an operator";
    /** Client authentication: failed attempts per client and address before the back-off. */
    private static final int CLIENT_FREE_FAILURES = 5;

    @TempDir
    Path dir;

    TestIssuer issuer;
    OAuthHttp http;
    User alice;

    @BeforeEach
    void start() {
        // Argon2id on two lanes: a password check waits for its lanes, as one waits for a database in production,
        // so that the parallel calls are in progress together
        issuer = TestIssuer.start(dir).restart(new PasswordConfig(8 * 1024, 1, 2));
        http = new OAuthHttp(issuer.baseUri());
        // secrets an operator chose: Argon2id, one slow check at a time, so parallel calls wait inside their check
        issuer.register(TestClients.confidential("service").secretHash(chosen(SERVICE_SECRET)).scope("orders:read").build());
        issuer.register(TestClients.confidential("app").secretHash(chosen(APP_SECRET))
                .grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN).scope("orders:read").build());
        issuer.register(TestClients.confidential("introspector").secretHash(chosen(INTROSPECTOR_SECRET)).introspection().build());
        alice = issuer.createUser("alice", PASSWORD, Set.of("reader"));
    }

    private String chosen(String secret) {
        return issuer.services().passwordHasher().hash(secret);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void parallelClientCredentialsRequestsWithTheRightSecretAreAllServed() throws Exception {
        List<HttpResponse<String>> responses = inParallel(i ->
                http.token(form("grant_type", "client_credentials"), "Authorization", basic("service", SERVICE_SECRET)));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
    }

    @Test
    void parallelRefreshesOfAConfidentialClientAreAllServed() throws Exception {
        OAuthClient app = issuer.services().clients().find("app").orElseThrow();
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            refreshTokens.add(issuer.services().sessionTokens().login(alice, app, new Scope("orders:read"), List.of(),
                    "192.0.2.1", "test", "login").refreshToken());
        }

        List<HttpResponse<String>> responses = inParallel(i -> http.refresh("app", APP_SECRET, refreshTokens.get(i)));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
    }

    @Test
    void parallelIntrospectionsAreAllServed() throws Exception {
        String token = http.clientCredentials("service", SERVICE_SECRET);

        List<HttpResponse<String>> responses = inParallel(i -> http.introspect("introspector", INTROSPECTOR_SECRET, token));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(responses).allSatisfy(r -> assertThat(json(r)).containsEntry("active", true));
    }

    @Test
    void parallelLoginsWithTheRightPasswordAreAllServed() throws Exception {
        List<HttpResponse<String>> responses = inParallel(i ->
                FirstPartyLogin.login(issuer, FirstPartyLogin.credentials("alice", PASSWORD)));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
    }

    @Test
    void parallelWrongSecretsGetNoMoreChecksThanTheFreeAttemptsAndTheParallelPlaces() throws Exception {
        List<HttpResponse<String>> responses = inParallel(i ->
                http.token(form("grant_type", "client_credentials"), "Authorization", basic("service", "guess-" + i)));

        long checked = responses.stream().filter(r -> r.statusCode() == 401).count();
        assertThat(checked).isBetween((long) CLIENT_FREE_FAILURES,
                (long) CLIENT_FREE_FAILURES + ParallelAttempts.CLIENTS.perAccountAndAddress() - 1);
        assertThat(responses).filteredOn(r -> r.statusCode() != 401).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(r)).containsEntry("error", "invalid_request");
        });
        assertThat(http.token(form("grant_type", "client_credentials"), "Authorization", basic("service", SERVICE_SECRET))
                .statusCode()).isEqualTo(429);
    }

    @Test
    void parallelWrongPasswordsGetNoMoreChecksThanTheFreeAttemptsAndTheParallelPlaces() throws Exception {
        List<HttpResponse<String>> responses = inParallel(i ->
                FirstPartyLogin.login(issuer, FirstPartyLogin.credentials("alice", "guess number " + i)));

        long checked = responses.stream().filter(r -> r.statusCode() == 401).count();
        int free = ThrottleConfig.defaults().freeAttemptsPerAccountAndAddress();
        assertThat(checked).isBetween((long) free, (long) free + ParallelAttempts.PASSWORDS.perAccountAndAddress() - 1);
        assertThat(responses).filteredOn(r -> r.statusCode() != 401).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        });
    }

    /** {@link #CALLERS} calls released together, each on a thread of its own; their responses in call order. */
    private static List<HttpResponse<String>> inParallel(IntFunction<HttpResponse<String>> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get());
            }
            return responses;
        }
    }
}

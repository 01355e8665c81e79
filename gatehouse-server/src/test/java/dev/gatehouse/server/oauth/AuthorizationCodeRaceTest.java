package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.basic;
import static dev.gatehouse.server.oauth.OAuthHttp.form;
import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.testing.AuthorizationCodeFixture;
import dev.gatehouse.server.testing.AuthorizationCodeFixture.IssuedCode;
import dev.gatehouse.server.testing.TestIssuer;
import dev.gatehouse.store.jdbc.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One code presented at once to two issuer nodes on one database: exactly one presentation gets tokens, on either
 * engine, and the others, being replays, revoke them.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"H2", "PostgreSQL"})
class AuthorizationCodeRaceTest {
    private static final URI CALLBACK = URI.create("https://web.example/callback");
    private static final int CALLERS = 12;

    @Parameter
    String engine;

    @TempDir
    Path dir;

    private final PostgresDatabase postgres = new PostgresDatabase();
    TestIssuer issuer;
    TestIssuer secondNode;
    String secret;
    User alice;

    @BeforeEach
    void start() {
        issuer = engine.equals("H2") ? TestIssuer.start(dir) : TestIssuer.start(postgres::open);
        secondNode = issuer.secondNode();
        secret = issuer.register(TestClients.confidential("web").grant(GrantType.AUTHORIZATION_CODE)
                .scope("openid").redirectUri(CALLBACK.toString()).build());
        alice = issuer.createUser("alice", "correct horse battery", Set.of());
    }

    @AfterEach
    void stop() {
        secondNode.close();
        issuer.close();
        if (engine.equals("PostgreSQL")) {
            postgres.drop();
        }
    }

    @Test
    void ofConcurrentRedemptionsOnTwoNodesExactlyOneGetsTokens() throws Exception {
        IssuedCode code = AuthorizationCodeFixture.forUser(issuer, alice).client("web", CALLBACK).scope("openid").issue();
        String body = form("grant_type", "authorization_code", "code", code.code(), "redirect_uri", CALLBACK.toString(),
                "code_verifier", code.codeVerifier());
        List<OAuthHttp> nodes = List.of(new OAuthHttp(issuer.nodeUri()), new OAuthHttp(secondNode.nodeUri()));

        List<HttpResponse<String>> responses = concurrently(CALLERS,
                i -> nodes.get(i % 2).token(body, "Authorization", basic("web", secret)));

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 400).hasSize(CALLERS - 1)
                .allSatisfy(r -> assertThat(json(r)).containsEntry("error", "invalid_grant"));
    }

    private interface Call<T> {
        T call(int index) throws Exception;
    }

    private static <T> List<T> concurrently(int n, Call<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(1, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

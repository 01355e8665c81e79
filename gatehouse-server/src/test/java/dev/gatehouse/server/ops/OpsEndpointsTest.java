package dev.gatehouse.server.ops;

import static dev.gatehouse.server.login.FirstPartyLogin.credentials;
import static dev.gatehouse.server.login.FirstPartyLogin.get;
import static dev.gatehouse.server.login.FirstPartyLogin.login;
import static dev.gatehouse.server.login.FirstPartyLogin.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsEndpointsTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    private TestIssuer issuer;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void liveAnswersUp() throws Exception {
        HttpResponse<String> response = get(issuer, Endpoints.LIVE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(response.body())).containsEntry("status", "UP");
    }

    @Test
    void readyWhenDatabaseAnswersAndAKeyCanSign() throws Exception {
        HttpResponse<String> response = get(issuer, Endpoints.READY);

        assertThat(response.statusCode()).isEqualTo(200);
        JSONObject body = JSONObjectUtils.parse(response.body());
        assertThat(body).containsEntry("status", "UP");
        assertThat(JSONObjectUtils.getJSONObject(body, "checks")).containsEntry("database", "UP").containsEntry("signing_key", "UP");
    }

    @Test
    void notReadyWhenTheDatabaseIsClosedAndSaysSo() throws Exception {
        issuer.closeDatabase();

        HttpResponse<String> response = get(issuer, Endpoints.READY);

        assertThat(response.statusCode()).isEqualTo(503);
        JSONObject problem = problem(response);
        assertThat(problem).containsEntry("status", 503L);
        assertThat((String) problem.get("detail")).contains("database");
        assertThat(JSONObjectUtils.getJSONObject(problem, "checks")).containsEntry("database", "DOWN").containsEntry("signing_key", "UP");
        assertThat(get(issuer, Endpoints.LIVE).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsListCoreCountersAtZeroBeforeAnyEvent() {
        HttpResponse<String> response = get(issuer, Endpoints.METRICS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(MetricsEndpoint.CONTENT_TYPE);
        assertThat(response.body())
                .containsPattern(sample("gatehouse_tokens_issued_total", "grant_type", "login", 0))
                .containsPattern(sample("gatehouse_tokens_issued_total", "grant_type", "client_credentials", 0))
                .containsPattern(sample("gatehouse_login_failures_total", "reason", "bad_credentials", 0))
                .containsPattern(sample("gatehouse_login_failures_total", "reason", "throttled", 0))
                .containsPattern(sample("gatehouse_revocations_total", "kind", "sid", 0))
                .containsPattern("(?m)^gatehouse_refresh_reuse_detected_total 0(\\.0)?$");
    }

    @Test
    void metricsCountLoginsAndTimeRequestsByRouteTemplate() {
        issuer.createUser("alice", PASSWORD, Set.of());
        assertThat(login(issuer, credentials("alice", "wrong password")).statusCode()).isEqualTo(401);
        assertThat(login(issuer, credentials("alice", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(get(issuer, "/no/such/path/42").statusCode()).isEqualTo(404);

        await().untilAsserted(() -> assertThat(get(issuer, Endpoints.METRICS).body())
                .containsPattern(sample("gatehouse_login_failures_total", "reason", "bad_credentials", 1))
                .containsPattern(sample("gatehouse_tokens_issued_total", "grant_type", "login", 1))
                .containsPattern(timerCount("POST", Endpoints.LOGIN, 401))
                .containsPattern(timerCount("POST", Endpoints.LOGIN, 200))
                .containsPattern(timerCount("GET", RequestMetrics.UNMATCHED, 404))
                .doesNotContain("/no/such/path"));
    }

    @Test
    void loginFailureReasonsDoNotTellWhichUsernamesExist() {
        assertThat(failureReasons(get(issuer, Endpoints.METRICS).body())).containsExactlyInAnyOrder("bad_credentials", "throttled");

        issuer.createUser("alice", PASSWORD, Set.of());
        User bob = issuer.createUser("bob", PASSWORD, Set.of());
        issuer.services().users().setDisabled(bob.id(), true, "test");
        assertThat(login(issuer, credentials("nobody", PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(login(issuer, credentials("bob", PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(login(issuer, credentials("alice", "wrong password")).statusCode()).isEqualTo(401);

        String metrics = get(issuer, Endpoints.METRICS).body();
        assertThat(failureReasons(metrics)).containsExactlyInAnyOrder("bad_credentials", "throttled");
        assertThat(metrics).containsPattern(sample("gatehouse_login_failures_total", "reason", "bad_credentials", 3));
    }

    private static List<String> failureReasons(String metrics) {
        return Pattern.compile("(?m)^gatehouse_login_failures_total\\{reason=\"([^\"]*)\"\\}").matcher(metrics)
                .results().map(m -> m.group(1)).toList();
    }

    private static String sample(String name, String tag, String value, int count) {
        return "(?m)^" + name + "\\{" + tag + "=\"" + value + "\"\\} " + count + "(\\.0)?$";
    }

    private static String timerCount(String method, String route, int status) {
        return "(?m)^" + RequestMetrics.TIMER + "_seconds_count\\{method=\"" + method + "\",route=\"" + route
                + "\",status=\"" + status + "\"\\} 1(\\.0)?$";
    }
}

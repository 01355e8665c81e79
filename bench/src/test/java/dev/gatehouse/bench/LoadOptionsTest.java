package dev.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    private static final String[] CLIENT_CREDENTIALS = {"--url", "http://127.0.0.1:8080/", "--scenario",
            "client-credentials", "--client-id", "bench", "--client-secret", "s3cret"};

    @Test
    void defaultsAreSixteenWorkersForTenSecondsAfterFiveSecondsOfWarmUp() {
        LoadOptions o = LoadOptions.parse(CLIENT_CREDENTIALS, Map.of());

        assertThat(o.baseUri().toString()).isEqualTo("http://127.0.0.1:8080");
        assertThat(o.concurrency()).isEqualTo(16);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.requests()).isZero();
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.tokenPath()).isEqualTo("/oauth2/token");
        assertThat(o.loginPath()).isEqualTo("/api/v1/login");
    }

    @Test
    void secretsComeFromTheEnvironmentWhenNotGivenAsFlags() {
        LoadOptions cc = LoadOptions.parse(new String[] {"--url", "http://localhost:1", "--scenario", "client-credentials",
                "--client-id", "bench"}, Map.of(LoadOptions.SECRET_ENV, "from-env"));
        LoadOptions login = LoadOptions.parse(new String[] {"--url", "http://localhost:1", "--scenario", "login",
                "--username", "alice"}, Map.of(LoadOptions.PASSWORD_ENV, "pw-from-env"));

        assertThat(cc.clientSecret()).isEqualTo("from-env");
        assertThat(login.password()).isEqualTo("pw-from-env");
    }

    @Test
    void getScenarioSendsTheBearerTokenFromTheEnvironment() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:8000", "--scenario", "get",
                "--path", "/orders?x=1"}, Map.of(LoadOptions.TOKEN_ENV, "tok.en"));

        var request = Scenario.of(o).request();
        assertThat(request.uri().toString()).isEqualTo("http://127.0.0.1:8000/orders?x=1");
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.headers().firstValue("Authorization")).contains("Bearer tok.en");
    }

    @Test
    void getScenarioWithoutATokenSendsNoAuthorizationAndNeedsAPath() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:8000", "--scenario", "get",
                "--path", "/status"}, Map.of());

        assertThat(Scenario.of(o).request().headers().firstValue("Authorization")).isEmpty();
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:8000", "--scenario", "get"},
                Map.of())).hasMessageContaining("--path");
    }

    @Test
    void equalsSignFormAndRequestCountAreAccepted() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url=http://[::1]:9000", "--scenario=login", "--username=alice",
                "--password=pw", "--requests=500", "--concurrency=4", "--warmup=0"}, Map.of());

        assertThat(o.requests()).isEqualTo(500);
        assertThat(o.duration()).isEqualTo(LoadOptions.MAX_DURATION);
        assertThat(o.concurrency()).isEqualTo(4);
        assertThat(o.warmup()).isZero();
    }

    @Test
    void durationsTakeMillisecondsSecondsOrMinutes() {
        assertThat(LoadOptions.duration("--duration", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(LoadOptions.duration("--duration", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LoadOptions.duration("--duration", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadOptions.duration("--duration", "15")).isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> LoadOptions.duration("--duration", "1h")).hasMessageStartingWith("--duration:");
    }

    @Test
    void unboundedOrOversizedRunsAreRefused() {
        assertThatThrownBy(() -> parse("--duration", "11m")).hasMessageStartingWith("--duration:");
        assertThatThrownBy(() -> parse("--duration", "0s")).hasMessageStartingWith("--duration:");
        assertThatThrownBy(() -> parse("--requests", "0")).hasMessageStartingWith("--requests:");
        assertThatThrownBy(() -> parse("--requests", "10000001")).hasMessageStartingWith("--requests:");
        assertThatThrownBy(() -> parse("--concurrency", "0")).hasMessageStartingWith("--concurrency:");
        assertThatThrownBy(() -> parse("--concurrency", "5000")).hasMessageStartingWith("--concurrency:");
        assertThatThrownBy(() -> parse("--warmup", "3m")).hasMessageStartingWith("--warmup:");
    }

    @Test
    void durationAndRequestCountTogetherAreRefused() {
        assertThatThrownBy(() -> parse("--duration", "5s", "--requests", "10")).hasMessage("give --duration or --requests, not both");
    }

    @Test
    void missingCredentialsAreNamed() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--scenario",
                "client-credentials", "--client-id", "bench"}, Map.of()))
                .hasMessageContaining("--client-secret");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--scenario", "login",
                "--password", "pw"}, Map.of()))
                .hasMessageContaining("--username");
    }

    @Test
    void unknownScenarioOrOptionIsRefused() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--scenario", "refresh"}, Map.of()))
                .hasMessageStartingWith("--scenario:");
        assertThatThrownBy(() -> parse("--threads", "4")).hasMessage("unknown option --threads");
        assertThatThrownBy(() -> parse("--concurrency")).hasMessage("--concurrency: missing value");
        assertThatThrownBy(() -> parse("--concurrency", "2", "--concurrency", "3")).hasMessage("--concurrency given twice");
    }

    @Test
    void textFormNeverShowsTheSecret() {
        assertThat(LoadOptions.parse(CLIENT_CREDENTIALS, Map.of()).toString()).doesNotContain("s3cret");
    }

    private static LoadOptions parse(String... extra) {
        String[] args = new String[CLIENT_CREDENTIALS.length + extra.length];
        System.arraycopy(CLIENT_CREDENTIALS, 0, args, 0, CLIENT_CREDENTIALS.length);
        System.arraycopy(extra, 0, args, CLIENT_CREDENTIALS.length, extra.length);
        return LoadOptions.parse(args, Map.of());
    }

    @Test
    void livenessBaselineNeedsNoCredentialsAndTargetsTheLivenessEndpoint() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:8080", "--scenario", "liveness"}, Map.of());

        assertThat(o.scenario()).isEqualTo(Scenario.Kind.LIVENESS);
        assertThat(Scenario.of(o).request().uri()).hasToString("http://127.0.0.1:8080/health/live");
        assertThat(Scenario.of(o).request().method()).isEqualTo("GET");
    }
}

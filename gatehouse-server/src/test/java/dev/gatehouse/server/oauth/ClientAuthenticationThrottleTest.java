package dev.gatehouse.server.oauth;

import static dev.gatehouse.server.oauth.OAuthHttp.basic;
import static dev.gatehouse.server.oauth.OAuthHttp.form;
import static dev.gatehouse.server.oauth.OAuthHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientAuthenticationThrottleTest {
    /** Failed attempts per client and address before the back-off starts. */
    private static final int FREE_FAILURES = 5;

    @TempDir
    Path dir;

    TestIssuer issuer;
    OAuthHttp http;
    String ordersSecret;
    String billingSecret;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        http = new OAuthHttp(issuer.baseUri());
        ordersSecret = issuer.register(TestClients.confidential("orders").scope("orders:read").build());
        billingSecret = issuer.register(TestClients.confidential("billing").scope("orders:read").build());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void wrongSecretsAreInvalidClientThenTheClientIsThrottledWith429AndRetryAfter() throws Exception {
        for (int i = 0; i < FREE_FAILURES; i++) {
            HttpResponse<String> wrong = clientCredentials("orders", "not-the-secret");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong)).containsEntry("error", "invalid_client");
        }

        HttpResponse<String> throttled = clientCredentials("orders", ordersSecret);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(throttled.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(throttled.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(throttled)).containsOnlyKeys("error", "error_description").containsEntry("error", "slow_down");
        assertThat(throttled.body()).doesNotContain("Exception", "dev.gatehouse", "\tat ");
        ErrorObject parsed = TokenErrorResponse.parse(nimbus(throttled)).getErrorObject();
        assertThat(parsed.getCode()).isEqualTo("slow_down");
        assertThat(parsed.getHTTPStatusCode()).isEqualTo(429);
    }

    @Test
    void throttlingOneClientLeavesAnotherClientFromTheSameAddressAlone() {
        for (int i = 0; i < FREE_FAILURES; i++) {
            clientCredentials("orders", "not-the-secret");
        }

        assertThat(clientCredentials("orders", ordersSecret).statusCode()).isEqualTo(429);
        assertThat(clientCredentials("billing", billingSecret).statusCode()).isEqualTo(200);
    }

    @Test
    void throttledClientIsServedAgainOnceRetryAfterHasPassed() {
        for (int i = 0; i < FREE_FAILURES; i++) {
            clientCredentials("orders", "not-the-secret");
        }
        HttpResponse<String> throttled = clientCredentials("orders", ordersSecret);
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());

        issuer.clock().advance(Duration.ofSeconds(retryAfter));

        assertThat(clientCredentials("orders", ordersSecret).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> clientCredentials(String clientId, String secret) {
        return http.token(form("grant_type", "client_credentials"), "Authorization", basic(clientId, secret));
    }

    private static HTTPResponse nimbus(HttpResponse<String> response) {
        HTTPResponse converted = new HTTPResponse(response.statusCode());
        response.headers().map().forEach((name, values) -> converted.setHeader(name, values.toArray(String[]::new)));
        converted.setBody(response.body());
        return converted;
    }
}

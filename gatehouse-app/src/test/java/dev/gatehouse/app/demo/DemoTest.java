package dev.gatehouse.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.app.testing.FreePort;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The demo's printed walkthrough, step by step, against the demo itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    Demo demo;

    @BeforeAll
    void start(@TempDir Path dir) {
        demo = Demo.start(dir.resolve("data"), FreePort.find(), FreePort.find(), 0, new PrintWriter(new StringWriter()),
                Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        demo.close();
    }

    @Test
    void theWalkthroughNamesEveryPartAndTheDemoCredentials() {
        String text = demo.walkthrough();

        assertThat(text).contains("GH=" + demo.issuerUrl(), "GW=" + demo.gatewayUrl(),
                "http://127.0.0.1:" + demo.ordersPort(), "http://127.0.0.1:" + demo.profilePort(),
                demo.webAppUrl().toString(), "Sign in", "Log out everywhere",
                "\"username\":\"demo\",\"password\":\"" + demo.password() + "\"", demo.serviceSecret());
    }

    @Test
    void loginCallRefreshRevokeAndTheSameCallIsRefused() throws Exception {
        // 1. log in
        JsonNode tokens = post(demo.issuerUrl() + "/api/v1/login", "application/json",
                "{\"username\":\"demo\",\"password\":\"" + demo.password() + "\",\"client_id\":\"demo-web\"}");
        String access = tokens.get("access_token").asText();
        String refresh = tokens.get("refresh_token").asText();

        // 2. through the gateway: the service sees who is calling; without a token, 401
        HttpResponse<String> call = get("/orders/42", access);
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(call.body());
        assertThat(answer.get("service").asText()).isEqualTo("orders");
        assertThat(answer.get("identity").get("X-Gatehouse-Client-Id").asText()).isEqualTo("demo-web");
        assertThat(answer.get("identity").get("X-Gatehouse-Scope").asText()).isEqualTo("orders.read profile.read");
        assertThat(answer.get("identity").get("X-Gatehouse-Subject").asText()).isNotBlank();
        assertThat(get("/orders/42", null).statusCode()).isEqualTo(401);
        assertThat(get("/status", null).statusCode()).isEqualTo(200);

        // 3. refresh
        tokens = post(demo.issuerUrl() + "/oauth2/token", "application/x-www-form-urlencoded",
                "grant_type=refresh_token&client_id=demo-web&refresh_token=" + form(refresh));
        access = tokens.get("access_token").asText();
        refresh = tokens.get("refresh_token").asText();
        assertThat(get("/profile/me", access).statusCode()).isEqualTo(200);

        // 4. revoke the session through its refresh token
        HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(URI.create(demo.issuerUrl() + "/oauth2/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=demo-web&token=" + form(refresh))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(200);

        // 5. the same access token is refused by the gateway, long before it expires
        String spent = access;
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/orders/42", spent).statusCode() == 401);
        assertThat(get("/orders/42", spent).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                c -> assertThat(c).contains("revoked"));
    }

    private JsonNode post(String url, String type, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(demo.gatewayUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

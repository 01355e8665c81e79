package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.server.Endpoints;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushedAuthorizationEndpointTest extends BrowserFlowFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpBrowser browser = new HttpBrowser();

    private HttpResponse<String> push(String clientId, String secret, Map<String, String> params) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(issuer.uri(Endpoints.PAR))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HttpBrowser.form(params)));
        if (secret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String pushed(String clientId, String secret, Map<String, String> params) throws Exception {
        HttpResponse<String> response = push(clientId, secret, params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("expires_in").asInt()).isEqualTo(60);
        String requestUri = body.path("request_uri").asText();
        assertThat(requestUri).startsWith("urn:ietf:params:oauth:request_uri:");
        return requestUri;
    }

    private HttpResponse<String> use(String clientId, String requestUri) {
        return browser.get(authorize(Map.of("client_id", clientId, "request_uri", requestUri)));
    }

    private static Map<String, String> withoutClientId(Map<String, String> p) {
        Map<String, String> copy = new LinkedHashMap<>(p);
        copy.remove("client_id");
        return copy;
    }

    @Test
    void aPushedRequestIsUsedByItsRequestUriAndItsParametersRule() throws Exception {
        String requestUri = pushed("web", WEB_SECRET, withoutClientId(webRequest()));

        HttpResponse<String> page = use("web", requestUri);
        assertSignInPage(page);
        Map<String, String> query = redirectedTo(signIn(browser, page, "alice", PASSWORD), WEB_REDIRECT);

        assertThat(query).containsEntry("state", "st-123");
        AuthorizationCode code = codes.issued(query.get("code"));
        assertThat(code.nonce()).isEqualTo("n-456");
        assertThat(code.codeChallenge()).isEqualTo(CHALLENGE);
    }

    @Test
    void parametersBesideTheRequestUriAreIgnored() throws Exception {
        String requestUri = pushed("web", WEB_SECRET, withoutClientId(webRequest()));
        Map<String, String> p = new LinkedHashMap<>(Map.of("client_id", "web", "request_uri", requestUri,
                "redirect_uri", "https://evil.example/cb", "state", "other", "scope", "openid orders:read"));

        HttpResponse<String> page = browser.get(authorize(p));
        Map<String, String> query = redirectedTo(signIn(browser, page, "alice", PASSWORD), WEB_REDIRECT);

        assertThat(query).containsEntry("state", "st-123");
        assertThat(codes.issued(query.get("code")).scopes()).containsExactlyInAnyOrder("openid", "profile");
    }

    @Test
    void aRequestUriIsSingleUse() throws Exception {
        String requestUri = pushed("web", WEB_SECRET, withoutClientId(webRequest()));
        assertSignInPage(use("web", requestUri));

        assertErrorPage(use("web", requestUri), 400);
    }

    @Test
    void anExpiredRequestUriGetsAnErrorPage() throws Exception {
        String requestUri = pushed("web", WEB_SECRET, withoutClientId(webRequest()));
        issuer.clock().advance(Duration.ofSeconds(61));

        assertErrorPage(use("web", requestUri), 400);
    }

    @Test
    void anotherClientCannotUseTheRequestUri() throws Exception {
        String requestUri = pushed("web", WEB_SECRET, withoutClientId(webRequest()));

        assertErrorPage(use("spa", requestUri), 400);
        assertErrorPage(use("web", "urn:ietf:params:oauth:request_uri:made-up"), 400);
    }

    @Test
    void aClientRequiredToPushSignsInThroughPar() throws Exception {
        Map<String, String> p = withoutClientId(request("pushy", "https://pushy.example/cb"));
        p.put("scope", "openid");
        String requestUri = pushed("pushy", PUSHY_SECRET, p);

        HttpResponse<String> page = use("pushy", requestUri);
        assertSignInPage(page);
        assertThat(redirectedTo(signIn(browser, page, "alice", PASSWORD), "https://pushy.example/cb")).containsKey("code");
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(issuer.uri(Endpoints.PAR))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void wrongClientSecretIsInvalidClient() throws Exception {
        HttpResponse<String> response = push("web", "wrong-secret", withoutClientId(webRequest()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void aPublicClientPushesWithItsClientId() throws Exception {
        String requestUri = pushed("spa", null, request("spa", "https://spa.example/cb"));

        assertSignInPage(use("spa", requestUri));
    }

    @Test
    void requestUriInsideAPushedRequestIsRefused() throws Exception {
        Map<String, String> p = withoutClientId(webRequest());
        p.put("request_uri", "urn:ietf:params:oauth:request_uri:x");

        HttpResponse<String> response = push("web", WEB_SECRET, p);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void anInvalidPushedRequestIsAnsweredAsJson() throws Exception {
        Map<String, String> p = withoutClientId(webRequest());
        p.put("redirect_uri", "https://evil.example/cb");
        HttpResponse<String> badRedirect = push("web", WEB_SECRET, p);
        Map<String, String> q = withoutClientId(webRequest());
        q.put("code_challenge_method", "plain");
        HttpResponse<String> plain = push("web", WEB_SECRET, q);
        Map<String, String> r = withoutClientId(webRequest());
        r.put("scope", "openid admin");
        HttpResponse<String> scope = push("web", WEB_SECRET, r);

        assertThat(badRedirect.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badRedirect.body()).path("error").asText()).isEqualTo("invalid_request");
        assertThat(JSON.readTree(plain.body()).path("error").asText()).isEqualTo("invalid_request");
        assertThat(JSON.readTree(scope.body()).path("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void theClientSecretIsNotKeptWithThePushedRequest() throws Exception {
        Map<String, String> p = new LinkedHashMap<>(webRequest());
        p.put("client_secret", WEB_SECRET);
        String requestUri = pushed("web", null, p);

        String handle = requestUri.substring("urn:ietf:params:oauth:request_uri:".length());
        String stored = issuer.services().stores().authorizationRequests()
                .find(dev.gatehouse.core.crypto.Secrets.sha256(handle)).orElseThrow().parameters();
        assertThat(stored).doesNotContain("client_secret").doesNotContain(WEB_SECRET);
    }
}

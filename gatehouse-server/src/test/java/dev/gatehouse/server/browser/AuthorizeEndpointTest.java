package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Endpoints;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizeEndpointTest extends BrowserFlowFixture {
    private final HttpBrowser browser = new HttpBrowser();

    @Test
    void validRequestWithoutSessionShowsTheSignInPageWithAHandleAndCsrfCookie() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));

        assertSignInPage(page);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(browser.cookies).containsKey("__Host-gh-csrf");
        assertThat(HttpBrowser.hidden(page.body()).get("csrf")).isEqualTo(browser.cookies.get("__Host-gh-csrf"));
        assertThat(browser.cookies).doesNotContainKey(SessionCookie.NAME);
    }

    @Test
    void postedFormRequestIsAnsweredLikeAGet() {
        HttpResponse<String> page = browser.post(issuer.uri(Endpoints.AUTHORIZE), webRequest());

        assertSignInPage(page);
    }

    @Test
    void postedRequestThatIsNotAFormGetsAnErrorPage() throws Exception {
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        issuer.uri(Endpoints.AUTHORIZE)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"client_id\":\"web\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertErrorPage(response, 400);
    }

    @Test
    void unknownClientGetsAnErrorPageNotARedirect() {
        Map<String, String> p = webRequest();
        p.put("client_id", "nobody");

        assertErrorPage(browser.get(authorize(p)), 400);
    }

    @Test
    void missingClientIdGetsAnErrorPage() {
        Map<String, String> p = webRequest();
        p.remove("client_id");

        assertErrorPage(browser.get(authorize(p)), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://web.example/cb/",                 // trailing slash
            "https://web.example/cb2",                 // path
            "https://web.example/CB",                  // case of the path
            "https://WEB.example/cb",                  // case of the host
            "HTTPS://web.example/cb",                  // case of the scheme
            "https://web.example:443/cb",              // explicit default port
            "https://web.example:8443/cb",             // port
            "https://user@web.example/cb",             // userinfo
            "https://web.example/c%62",                // percent-encoding
            "https://web.example/cb#frag",             // fragment
            "https://web.example/cb?tenant=a+b",       // encoding of the registered query
            "https://web.example/cb?x=1",              // added query
            "http://web.example/cb",                   // scheme
            "https://evil.example/cb",                 // host
            "https://web.example.evil.example/cb",     // suffix
            "javascript:alert(1)",                     // scheme javascript:
            "//web.example/cb",                        // relative
            "https://web.example/cb/../cb"})           // dot segments
    void redirectUriDifferingInAnyWayGetsAnErrorPage(String redirectUri) {
        Map<String, String> p = webRequest();
        p.put("redirect_uri", redirectUri);

        assertErrorPage(browser.get(authorize(p)), 400);
    }

    @Test
    void aRegisteredRedirectUriWithAQueryMatchesExactlyAndKeepsItsQuery() {
        Map<String, String> p = webRequest();
        p.put("redirect_uri", "https://web.example/cb?tenant=a%20b");
        p.put("response_type", "token");

        Map<String, String> query = redirectedTo(browser.get(authorize(p)), "https://web.example/cb?tenant=a%20b");
        assertThat(query).containsEntry("tenant", "a b").containsEntry("error", "unsupported_response_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:51234/callback", "http://127.0.0.1/callback", "http://[::1]:9/callback"})
    void registeredLoopbackRedirectUriMatchesOnAnyPort(String redirectUri) {
        Map<String, String> p = request("spa", redirectUri);
        p.put("response_type", "token");

        assertThat(redirectedTo(browser.get(authorize(p)), redirectUri)).containsEntry("error", "unsupported_response_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:51234/callback/", "http://127.0.0.1:51234/other", "http://localhost:51234/callback",
            "http://user@127.0.0.1:51234/callback", "https://127.0.0.1:51234/callback", "http://127.0.0.2:51234/callback"})
    void loopbackPortFreedomChangesNothingElse(String redirectUri) {
        assertErrorPage(browser.get(authorize(request("spa", redirectUri))), 400);
    }

    @Test
    void omittedRedirectUriIsAllowedWhenExactlyOneIsRegisteredAndTheRequestIsNotOpenId() {
        Map<String, String> p = request("third", null);
        p.remove("redirect_uri");
        p.put("scope", "profile");
        p.put("response_type", "token");

        assertThat(redirectedTo(browser.get(authorize(p)), "https://third.example/cb"))
                .containsEntry("error", "unsupported_response_type");
    }

    @Test
    void omittedRedirectUriInAnOpenIdRequestGetsAnErrorPage() {
        Map<String, String> p = request("third", null);
        p.remove("redirect_uri");

        assertErrorPage(browser.get(authorize(p)), 400);
    }

    @Test
    void omittedRedirectUriWithSeveralRegisteredGetsAnErrorPage() {
        Map<String, String> p = webRequest();
        p.remove("redirect_uri");
        p.put("scope", "profile");

        assertErrorPage(browser.get(authorize(p)), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "id_token", "code id_token", "code token", "none"})
    void anyResponseTypeButCodeIsUnsupported(String responseType) {
        Map<String, String> p = webRequest();
        p.put("response_type", responseType);

        Map<String, String> query = redirectedTo(browser.get(authorize(p)), WEB_REDIRECT);
        assertThat(query).containsEntry("error", "unsupported_response_type").containsEntry("state", "st-123");
        assertThat(query).doesNotContainKey("code");
    }

    @Test
    void theErrorResponseParsesWithNimbus() throws Exception {
        Map<String, String> p = webRequest();
        p.put("state", "a b&c=d");
        p.put("scope", "openid admin");

        HttpResponse<String> redirect = browser.get(authorize(p));
        com.nimbusds.oauth2.sdk.AuthorizationResponse response = com.nimbusds.oauth2.sdk.AuthorizationResponse.parse(
                URI.create(redirect.headers().firstValue("Location").orElseThrow()));

        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_scope");
        assertThat(response.getState().getValue()).isEqualTo("a b&c=d");
        assertThat(response.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
    }

    @Test
    void missingResponseTypeIsInvalidRequest() {
        Map<String, String> p = webRequest();
        p.remove("response_type");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_request");
    }

    @Test
    void missingCodeChallengeIsInvalidRequest() {
        Map<String, String> p = webRequest();
        p.remove("code_challenge");
        p.remove("code_challenge_method");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_request")
                .containsEntry("state", "st-123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "", "s256", "S512"})
    void codeChallengeMethodOtherThanS256IsInvalidRequest(String method) {
        Map<String, String> p = webRequest();
        if (method.isEmpty()) {
            p.remove("code_challenge_method");
        } else {
            p.put("code_challenge_method", method);
        }

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_request");
    }

    @Test
    void malformedCodeChallengeIsInvalidRequest() {
        Map<String, String> p = webRequest();
        p.put("code_challenge", "short");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fragment", "query.jwt", "web_message"})
    void unsupportedResponseModeIsInvalidRequestInTheQuery(String mode) {
        Map<String, String> p = webRequest();
        p.put("response_mode", mode);

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_request");
    }

    @Test
    void errorsOfAFormPostRequestArePostedBack() {
        Map<String, String> p = webRequest();
        p.put("response_mode", "form_post");
        p.put("response_type", "token");

        HttpResponse<String> response = browser.get(authorize(p));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("action=\"" + WEB_REDIRECT + "\"");
        assertThat(HttpBrowser.hidden(response.body())).containsEntry("error", "unsupported_response_type")
                .containsEntry("state", "st-123").containsEntry("iss", issuer.baseUri().toString());
    }

    @Test
    void requestObjectIsNotSupportedAndNothingIsFetched() {
        Map<String, String> p = webRequest();
        p.put("request", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "request_not_supported");
    }

    @Test
    void foreignRequestUriIsNotSupportedAndNothingIsFetched() {
        Map<String, String> p = webRequest();
        p.put("request_uri", "https://attacker.example/request.jwt");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "request_uri_not_supported");
    }

    @Test
    void scopeTheClientMayNotAskForIsInvalidScope() {
        Map<String, String> p = webRequest();
        p.put("scope", "openid admin");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_scope")
                .containsEntry("state", "st-123");
    }

    @Test
    void clientWithoutTheAuthorizationCodeGrantIsUnauthorized() {
        assertThat(redirectedTo(browser.get(authorize(request("machine", "https://machine.example/cb"))),
                "https://machine.example/cb")).containsEntry("error", "unauthorized_client");
    }

    @Test
    void clientRequiredToPushGetsInvalidRequestForAPlainRequest() {
        assertThat(redirectedTo(browser.get(authorize(request("pushy", "https://pushy.example/cb"))),
                "https://pushy.example/cb")).containsEntry("error", "invalid_request");
    }

    @Test
    void duplicatedParameterIsInvalidRequest() {
        URI uri = URI.create(authorize(webRequest()) + "&scope=openid");

        assertThat(redirectedTo(browser.get(uri), WEB_REDIRECT)).containsEntry("error", "invalid_request");
    }

    @Test
    void duplicatedClientIdOrRedirectUriGetsAnErrorPage() {
        assertErrorPage(browser.get(URI.create(authorize(webRequest()) + "&client_id=spa")), 400);
        assertErrorPage(browser.get(URI.create(authorize(webRequest()) + "&redirect_uri=https%3A%2F%2Fevil.example%2F")), 400);
    }

    @Test
    void promptNoneWithAnotherValueIsInvalidRequest() {
        Map<String, String> p = webRequest();
        p.put("prompt", "none login");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_request");
    }

    @Test
    void negativeMaxAgeIsInvalidRequest() {
        Map<String, String> p = webRequest();
        p.put("max_age", "-1");

        assertThat(redirectedTo(browser.get(authorize(p)), WEB_REDIRECT)).containsEntry("error", "invalid_request");
    }

    @Test
    void oversizedStateIsInvalidRequestAndNotEchoed() {
        Map<String, String> p = webRequest();
        p.put("state", "s".repeat(3000));

        Map<String, String> query = redirectedTo(browser.get(authorize(p)), WEB_REDIRECT);
        assertThat(query).containsEntry("error", "invalid_request").doesNotContainKey("state");
    }

    @Test
    void unknownParametersAreIgnored() {
        Map<String, String> p = webRequest();
        p.put("foo", "bar");
        p.put("claims_locales", "de");

        assertSignInPage(browser.get(authorize(p)));
    }
}

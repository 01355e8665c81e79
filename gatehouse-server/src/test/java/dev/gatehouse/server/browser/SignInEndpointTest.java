package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.server.Endpoints;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignInEndpointTest extends BrowserFlowFixture {
    private final HttpBrowser browser = new HttpBrowser();

    @Test
    void signInRedirectsWithACodeBoundToEverythingTheRequestSaid() {
        HttpResponse<String> redirect = signedIn(browser);

        Map<String, String> query = redirectedTo(redirect, WEB_REDIRECT);
        assertThat(query.keySet()).containsExactly("code", "state", "iss");
        assertThat(query).containsEntry("state", "st-123");
        AuthorizationCode code = codes.issued(query.get("code"));
        assertThat(code.clientId()).isEqualTo("web");
        assertThat(code.redirectUri()).isEqualTo(URI.create(WEB_REDIRECT));
        assertThat(code.subject()).isEqualTo(alice.id());
        assertThat(code.scopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(code.nonce()).isEqualTo("n-456");
        assertThat(code.codeChallenge()).isEqualTo(CHALLENGE);
        assertThat(code.authTime()).isEqualTo(issuer.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        Session session = issuer.services().stores().sessions().find(code.sessionId()).orElseThrow();
        assertThat(session.subject()).isEqualTo(alice.id());
        assertThat(session.clientId()).isEqualTo("web");
        assertThat(session.isActive(issuer.clock().instant())).isTrue();
    }

    @Test
    void theAuthorizationResponseParsesWithNimbus() throws Exception {
        HttpResponse<String> redirect = signedIn(browser);

        com.nimbusds.oauth2.sdk.AuthorizationResponse response = com.nimbusds.oauth2.sdk.AuthorizationResponse.parse(
                URI.create(redirect.headers().firstValue("Location").orElseThrow()));

        assertThat(response.indicatesSuccess()).isTrue();
        assertThat(response.getState().getValue()).isEqualTo("st-123");
        assertThat(response.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
        assertThat(response.getRedirectionURI()).isEqualTo(URI.create(WEB_REDIRECT));
        String code = response.toSuccessResponse().getAuthorizationCode().getValue();
        assertThat(codes.issued(code).clientId()).isEqualTo("web");
    }

    @Test
    void signInSetsTheHostPrefixedSessionCookie() {
        HttpResponse<String> redirect = signedIn(browser);

        String cookie = HttpBrowser.setCookies(redirect).stream().filter(c -> c.startsWith(SessionCookie.NAME + "="))
                .findFirst().orElseThrow();
        assertThat(SessionCookie.NAME).isEqualTo("__Host-gh-session");
        assertThat(cookie).contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax").doesNotContain("Domain");
        String value = browser.cookies.get(SessionCookie.NAME);
        assertThat(issuer.services().stores().browserSessions().find(Secrets.sha256(value))).isPresent();
    }

    @Test
    void stateAndNonceAreCarriedExactly() {
        String state = "a b&c=d+e%f/\u00e9\u4e2d\uD83D\uDE00'\"<>";
        String nonce = "n " + state;
        Map<String, String> p = webRequest();
        p.put("state", state);
        p.put("nonce", nonce);

        HttpResponse<String> page = browser.get(authorize(p));
        Map<String, String> query = redirectedTo(signIn(browser, page, "alice", PASSWORD), WEB_REDIRECT);

        assertThat(query.get("state")).isEqualTo(state);
        assertThat(codes.issued(query.get("code")).nonce()).isEqualTo(nonce);
    }

    @Test
    void redirectUriThatHasAQueryGetsTheCodeAppended() {
        Map<String, String> p = webRequest();
        p.put("redirect_uri", "https://web.example/cb?tenant=a%20b");
        HttpResponse<String> page = browser.get(authorize(p));

        Map<String, String> query = redirectedTo(signIn(browser, page, "alice", PASSWORD), "https://web.example/cb?tenant=a%20b");

        assertThat(query).containsEntry("tenant", "a b").containsKey("code");
    }

    @Test
    void formPostResponseModePostsTheCode() {
        Map<String, String> p = webRequest();
        p.put("response_mode", "form_post");
        HttpResponse<String> page = browser.get(authorize(p));

        HttpResponse<String> response = signIn(browser, page, "alice", PASSWORD);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("action=\"" + WEB_REDIRECT + "\"");
        Map<String, String> fields = HttpBrowser.hidden(response.body());
        assertThat(fields).containsEntry("state", "st-123").containsEntry("iss", issuer.baseUri().toString());
        assertThat(codes.issued(fields.get("code")).clientId()).isEqualTo("web");
    }

    @Test
    void omittedRedirectUriIsNotBoundIntoTheCode() {
        Map<String, String> p = request("third", "x");
        p.remove("redirect_uri");
        p.put("scope", "profile");
        issuer.services().stores().consents().save(new dev.gatehouse.core.consent.Consent(alice.id(), "third",
                Set.of("profile"), issuer.clock().instant()));
        HttpResponse<String> page = browser.get(authorize(p));

        Map<String, String> query = redirectedTo(signIn(browser, page, "alice", PASSWORD), "https://third.example/cb");

        assertThat(codes.issued(query.get("code")).redirectUri()).isNull();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSamePageAgainAndNoSession() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));

        HttpResponse<String> wrong = signIn(browser, page, "alice", "wrong password");
        HttpResponse<String> unknown = signIn(browser, page, "mallory", "wrong password");

        for (HttpResponse<String> r : java.util.List.of(wrong, unknown)) {
            assertSignInPage(r);
            assertThat(r.body()).contains(SignInEndpoint.CREDENTIALS);
            assertThat(HttpBrowser.hidden(r.body()).get("request")).isEqualTo(HttpBrowser.hidden(page.body()).get("request"));
        }
        assertThat(browser.cookies).doesNotContainKey(SessionCookie.NAME);
        assertThat(codes.count()).isZero();
    }

    @Test
    void theTriedUsernameIsPrefilledAndEscaped() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));

        HttpResponse<String> again = signIn(browser, page, "\"><script>x</script>", "wrong password");

        assertThat(again.body()).doesNotContain("<script>x").contains("&quot;&gt;&lt;script&gt;x");
    }

    @Test
    void loginHintPrefillsTheUsername() {
        Map<String, String> p = webRequest();
        p.put("login_hint", "alice@example.org");

        assertThat(browser.get(authorize(p)).body()).contains("value=\"alice@example.org\"");
    }

    @Test
    void repeatedFailuresAreThrottledWith429AndRetryAfter() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));
        HttpResponse<String> last = null;
        for (int i = 0; i < 7; i++) {
            last = signIn(browser, page, "alice", "wrong password");
        }

        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains(SignInEndpoint.THROTTLED);
        // the right password too waits: the same counters as the login API
        HttpResponse<String> right = signIn(browser, page, "alice", PASSWORD);
        assertThat(right.statusCode()).isEqualTo(429);
    }

    @Test
    void signInWithoutTheCsrfCookieOrFieldIsRefused() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));
        Map<String, String> form = new LinkedHashMap<>(HttpBrowser.hidden(page.body()));
        form.put("username", "alice");
        form.put("password", PASSWORD);

        Map<String, String> withoutField = new LinkedHashMap<>(form);
        withoutField.remove("csrf");
        assertErrorPage(browser.post(issuer.uri(Endpoints.AUTHORIZE_SIGN_IN), withoutField), 403);

        Map<String, String> wrongField = new LinkedHashMap<>(form);
        wrongField.put("csrf", Secrets.randomBase64Url(32));
        assertErrorPage(browser.post(issuer.uri(Endpoints.AUTHORIZE_SIGN_IN), wrongField), 403);

        HttpBrowser forger = new HttpBrowser();
        assertErrorPage(forger.post(issuer.uri(Endpoints.AUTHORIZE_SIGN_IN), form), 403);
        assertThat(codes.count()).isZero();
    }

    @Test
    void aBrowserArrivingCrossSiteWithoutItsCsrfCookieCanStillSignIn() {
        new HttpBrowser().get(authorize(webRequest()));
        browser.get(authorize(webRequest()));
        browser.cookies.remove("__Host-gh-csrf");

        HttpResponse<String> page = browser.get(authorize(webRequest()));

        assertThat(redirectedTo(signIn(browser, page, "alice", PASSWORD), WEB_REDIRECT)).containsKey("code");
    }

    @Test
    void aPendingRequestIsBoundToTheBrowserThatStartedIt() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));
        HttpBrowser other = new HttpBrowser();
        HttpResponse<String> otherPage = other.get(authorize(webRequest()));
        Map<String, String> form = new LinkedHashMap<>(HttpBrowser.hidden(otherPage.body()));
        form.put("request", HttpBrowser.hidden(page.body()).get("request"));
        form.put("username", "alice");
        form.put("password", PASSWORD);

        assertErrorPage(other.post(issuer.uri(Endpoints.AUTHORIZE_SIGN_IN), form), 400);
        assertThat(codes.count()).isZero();
    }

    @Test
    void aPendingRequestIsAnsweredOnce() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));
        redirectedTo(signIn(browser, page, "alice", PASSWORD), WEB_REDIRECT);

        assertErrorPage(signIn(browser, page, "alice", PASSWORD), 400);
        assertThat(codes.count()).isOne();
    }

    @Test
    void aPendingRequestExpires() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));
        issuer.clock().advance(Duration.ofMinutes(11));

        assertErrorPage(signIn(browser, page, "alice", PASSWORD), 400);
    }

    @Test
    void aPlantedSessionCookieIsIgnoredAndReplacedAtSignIn() {
        String planted = Secrets.newToken();
        browser.cookies.put(SessionCookie.NAME, planted);

        HttpResponse<String> page = browser.get(authorize(webRequest()));
        assertSignInPage(page);
        signIn(browser, page, "alice", PASSWORD);

        assertThat(browser.cookies.get(SessionCookie.NAME)).isNotEqualTo(planted);
        assertThat(issuer.services().stores().browserSessions().find(Secrets.sha256(planted))).isEmpty();
    }

    @Test
    void everySignInGetsANewSessionIdAndEndsTheOldOne() {
        signedIn(browser);
        String first = browser.cookies.get(SessionCookie.NAME);
        Map<String, String> p = webRequest();
        p.put("prompt", "login");

        HttpResponse<String> page = browser.get(authorize(p));
        assertSignInPage(page);
        redirectedTo(signIn(browser, page, "bob", PASSWORD), WEB_REDIRECT);

        String second = browser.cookies.get(SessionCookie.NAME);
        assertThat(second).isNotEqualTo(first);
        assertThat(issuer.services().stores().browserSessions().find(Secrets.sha256(first))).isEmpty();
        Map<String, String> query = redirectedTo(browser.get(authorize(webRequest())), WEB_REDIRECT);
        assertThat(codes.issued(query.get("code")).subject()).isEqualTo(bob.id());
    }

    @Test
    void databaseDownShowsTheSignInPageWithUnavailableAnd503() {
        HttpResponse<String> page = browser.get(authorize(webRequest()));
        databaseDown();

        HttpResponse<String> response = signIn(browser, page, "alice", PASSWORD);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains(SignInEndpoint.UNAVAILABLE);
    }

    @Test
    void adminRoleBoundScopeIsDroppedForAUserWithoutTheRole() {
        register(dev.gatehouse.core.testing.TestClients.publicClient("console")
                .grant(com.nimbusds.oauth2.sdk.GrantType.AUTHORIZATION_CODE).scope("openid", "admin")
                .redirectUri("https://console.example/cb").consent(dev.gatehouse.core.client.BrowserSignIn.Consent.SKIP)
                .build());
        Map<String, String> p = request("console", "https://console.example/cb");
        p.put("scope", "openid admin");
        HttpResponse<String> page = browser.get(authorize(p));

        Map<String, String> query = redirectedTo(signIn(browser, page, "alice", PASSWORD), "https://console.example/cb");

        assertThat(codes.issued(query.get("code")).scopes()).containsExactly("openid");
    }
}

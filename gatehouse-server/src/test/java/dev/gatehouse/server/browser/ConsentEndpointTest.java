package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.consent.Consent;
import dev.gatehouse.server.Endpoints;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentEndpointTest extends BrowserFlowFixture {
    private static final String THIRD = "https://third.example/cb";

    private final HttpBrowser browser = new HttpBrowser();

    private HttpResponse<String> third(Map<String, String> extra) {
        Map<String, String> p = request("third", THIRD);
        p.putAll(extra);
        return browser.get(authorize(p));
    }

    private HttpResponse<String> consentPage() {
        HttpResponse<String> page = third(Map.of());
        HttpResponse<String> consent = signIn(browser, page, "alice", PASSWORD);
        assertConsentPage(consent);
        return consent;
    }

    private static void assertConsentPage(HttpResponse<String> page) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("name=\"decision\"", "openid", "profile");
        assertThat(HttpBrowser.hidden(page.body())).containsKeys("request", "csrf");
    }

    private HttpResponse<String> decide(HttpResponse<String> page, String decision) {
        Map<String, String> form = new LinkedHashMap<>(HttpBrowser.hidden(page.body()));
        form.put("decision", decision);
        return browser.post(issuer.uri(Endpoints.AUTHORIZE_CONSENT), form);
    }

    @Test
    void aThirdPartyClientGetsTheConsentPageAndAllowGivesACode() {
        HttpResponse<String> page = consentPage();

        Map<String, String> query = redirectedTo(decide(page, "allow"), THIRD);

        assertThat(query).containsEntry("state", "st-123");
        assertThat(codes.issued(query.get("code")).clientId()).isEqualTo("third");
        Consent consent = issuer.services().stores().consents().find(alice.id(), "third").orElseThrow();
        assertThat(consent.scopes()).containsExactlyInAnyOrder("openid", "profile");
    }

    @Test
    void theAnswerIsRememberedForTheClientAndScopes() {
        redirectedTo(decide(consentPage(), "allow"), THIRD);

        assertThat(redirectedTo(third(Map.of()), THIRD)).containsKey("code");
        assertThat(redirectedTo(third(Map.of("prompt", "none")), THIRD)).containsKey("code");
    }

    @Test
    void moreScopesThanAllowedAskAgain() {
        redirectedTo(decide(consentPage(), "allow"), THIRD);

        assertConsentPage(third(Map.of("scope", "openid profile email")));
        assertThat(redirectedTo(third(Map.of("scope", "openid email", "prompt", "none")), THIRD))
                .containsEntry("error", "consent_required");
    }

    @Test
    void promptConsentAsksAgain() {
        redirectedTo(decide(consentPage(), "allow"), THIRD);

        assertConsentPage(third(Map.of("prompt", "consent")));
    }

    @Test
    void denyAnswersAccessDeniedToTheRegisteredRedirectUri() {
        Map<String, String> query = redirectedTo(decide(consentPage(), "deny"), THIRD);

        assertThat(query).containsEntry("error", "access_denied").containsEntry("state", "st-123").doesNotContainKey("code");
        assertThat(issuer.services().stores().consents().find(alice.id(), "third")).isEmpty();
        assertThat(codes.count()).isZero();
    }

    @Test
    void promptNoneWithoutConsentIsConsentRequired() {
        signedIn(browser);

        assertThat(redirectedTo(third(Map.of("prompt", "none")), THIRD)).containsEntry("error", "consent_required");
    }

    @Test
    void aSignedInBrowserGoesStraightToTheConsentPage() {
        signedIn(browser);

        assertConsentPage(third(Map.of()));
    }

    @Test
    void aBrowserArrivingCrossSiteWithoutItsCsrfCookieCanStillConsent() {
        signedIn(browser);
        // SameSite=Strict: a navigation from the client's site does not carry the CSRF cookie
        browser.cookies.remove("__Host-gh-csrf");

        HttpResponse<String> page = third(Map.of());
        assertConsentPage(page);
        assertThat(HttpBrowser.hidden(page.body()).get("csrf")).isEqualTo(browser.cookies.get("__Host-gh-csrf"));

        assertThat(redirectedTo(decide(page, "allow"), THIRD)).containsKey("code");
    }

    @Test
    void aFirstPartyClientNeverSeesTheConsentPage() {
        assertThat(redirectedTo(signedIn(browser), WEB_REDIRECT)).containsKey("code");
        assertThat(issuer.services().stores().consents().find(alice.id(), "web")).isEmpty();
    }

    @Test
    void consentWithoutTheCsrfTokenIsRefused() {
        HttpResponse<String> page = consentPage();
        Map<String, String> form = new LinkedHashMap<>(HttpBrowser.hidden(page.body()));
        form.put("decision", "allow");
        form.remove("csrf");

        assertErrorPage(browser.post(issuer.uri(Endpoints.AUTHORIZE_CONSENT), form), 403);
        HttpBrowser forger = new HttpBrowser();
        forger.cookies.put(SessionCookie.NAME, browser.cookies.get(SessionCookie.NAME));
        form.put("csrf", HttpBrowser.hidden(page.body()).get("csrf"));
        assertErrorPage(forger.post(issuer.uri(Endpoints.AUTHORIZE_CONSENT), form), 403);
        assertThat(issuer.services().stores().consents().find(alice.id(), "third")).isEmpty();
        assertThat(codes.count()).isZero();
    }

    @Test
    void aConsentFormIsAnsweredOnce() {
        HttpResponse<String> page = consentPage();
        redirectedTo(decide(page, "allow"), THIRD);

        assertErrorPage(decide(page, "allow"), 400);
        assertThat(codes.count()).isOne();
    }
}

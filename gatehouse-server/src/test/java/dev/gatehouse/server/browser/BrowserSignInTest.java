package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import dev.gatehouse.server.pages.Csrf;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * The authorization code flow in a real browser, from a relying party that knows nothing of Gatehouse: the
 * sign-in page, consent for a third-party client, the callback with RFC 9207's iss, and the code exchanged
 * with PKCE for tokens whose ID token the relying party validates.
 */
class BrowserSignInTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    /** The issuer's browser session cookie. */
    static final String SESSION_COOKIE = "__Host-gh-session";

    static SignInFixture fixture;
    static TestRelyingParty thirdParty;
    static TestRelyingParty firstParty;
    static TestRelyingParty pushedOnly;
    static HostedPages pages;

    @BeforeAll
    static void start(@TempDir Path dir) {
        fixture = SignInFixture.start(dir);
        thirdParty = fixture.relyingParty("third-party-app", "ask");
        firstParty = fixture.relyingParty("first-party-app", "skip");
        pushedOnly = fixture.relyingParty("pushed-only-app", "skip", true);
        pages = new HostedPages(browser, fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void signInConsentCallbackAndCodeExchangeWithPkce() throws Exception {
        SignInFixture.Person ada = fixture.newPerson();
        int before = thirdParty.signIns().size();

        browser.open(thirdParty.login());
        assertThat(pages.showsSignIn()).as(browser.html()).isTrue();
        assertThat(browser.field("password").getDomAttribute("type")).isEqualTo("password");
        assertThat(browser.field(Csrf.FIELD).getDomAttribute("type")).isEqualTo("hidden");
        assertThat(browser.field("request").getDomAttribute("type")).isEqualTo("hidden");

        pages.signIn(ada);
        assertThat(pages.showsConsent()).as(browser.html()).isTrue();
        assertThat(browser.text()).contains("Relying party third-party-app");
        pages.allow().arriveAt(thirdParty, "/callback");

        assertThat(thirdParty.problems()).isEmpty();
        assertThat(thirdParty.signIns()).hasSize(before + 1);
        TestRelyingParty.SignIn signIn = thirdParty.lastSignIn().orElseThrow();
        assertThat(signIn.subject()).isEqualTo(ada.id());
        assertThat(signIn.sid()).isNotBlank();
        assertThat(signIn.idToken().getAuthenticationTime().toInstant())
                .isBetween(fixture.issuer().clock().instant().minus(Duration.ofMinutes(1)), fixture.issuer().clock().instant());
        assertThat(signIn.callbackMethod()).isEqualTo("GET");
        assertThat(browser.driver().findElement(By.id("subject")).getText()).isEqualTo(ada.id());

        // the access token from the code is accepted at userinfo, for the same person
        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(
                thirdParty.metadata().getUserInfoEndpointURI(), (BearerAccessToken) signIn.accessToken())
                .toHTTPRequest().send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        assertThat(userInfo.toSuccessResponse().getUserInfo().getSubject().getValue()).isEqualTo(ada.id());
    }

    @Test
    void theBrowserSessionCookieIsHostPrefixedSecureHttpOnlyLaxAndNewAtEverySignIn() {
        SignInFixture.Person person = fixture.newPerson();
        signInAt(firstParty, person);
        Cookie first = browser.driver().manage().getCookieNamed(SESSION_COOKIE);

        assertThat(first).as("cookie %s after sign-in", SESSION_COOKIE).isNotNull();
        assertThat(first.isSecure()).isTrue();
        assertThat(first.isHttpOnly()).isTrue();
        assertThat(first.getSameSite()).isEqualTo("Lax");
        assertThat(first.getPath()).isEqualTo("/");
        assertThat(first.getDomain()).isEqualTo("127.0.0.1");

        // signing in again (prompt=login) replaces the value: a value known before a sign-in is worth nothing after
        browser.open(firstParty.login("prompt=login"));
        pages.signIn(person).arriveAt(firstParty, "/callback");
        assertThat(browser.driver().manage().getCookieNamed(SESSION_COOKIE).getValue()).isNotEqualTo(first.getValue());
    }

    @Test
    void refusingConsentAnswersAccessDeniedToTheRegisteredRedirectWithTheState() {
        browser.open(thirdParty.login());
        pages.signIn(fixture.newPerson()).deny().arriveAt(thirdParty, "/callback");

        assertThat(thirdParty.problems()).isEmpty();
        TestRelyingParty.AuthorizationError error = thirdParty.errors().get(thirdParty.errors().size() - 1);
        assertThat(error.error()).isEqualTo("access_denied");
        assertThat(error.state()).isNotBlank();
        assertThat(error.issuer()).isEqualTo(fixture.issuer().baseUri().toString());
    }

    @Test
    void consentIsRememberedForTheNextSignInOfTheSameClient() {
        SignInFixture.Person grace = fixture.newPerson();
        browser.open(thirdParty.login());
        pages.signIn(grace).allow().arriveAt(thirdParty, "/callback");

        browser.clearCookies();
        browser.open(thirdParty.login());
        pages.signIn(grace).arriveAt(thirdParty, "/callback");

        assertThat(thirdParty.problems()).isEmpty();
        assertThat(thirdParty.lastSignIn().orElseThrow().subject()).isEqualTo(grace.id());
    }

    @Test
    void aFirstPartyClientIsNotAskedForConsent() {
        SignInFixture.Person person = fixture.newPerson();

        browser.open(firstParty.login());
        pages.signIn(person).arriveAt(firstParty, "/callback");

        assertThat(firstParty.problems()).isEmpty();
        assertThat(firstParty.lastSignIn().orElseThrow().subject()).isEqualTo(person.id());
    }

    @Test
    void formPostResponseModeDeliversTheCodeInAPost() {
        SignInFixture.Person person = fixture.newPerson();

        browser.open(firstParty.login("response_mode=form_post"));
        pages.signIn(person).continueFormPost(firstParty.redirectUri()).arriveAt(firstParty, "/callback");

        assertThat(firstParty.problems()).isEmpty();
        TestRelyingParty.SignIn signIn = firstParty.lastSignIn().orElseThrow();
        assertThat(signIn.subject()).isEqualTo(person.id());
        assertThat(signIn.callbackMethod()).isEqualTo("POST");
    }

    @Test
    void aPushedAuthorizationRequestSignsIn() {
        SignInFixture.Person person = fixture.newPerson();

        browser.open(pushedOnly.login("par=true"));
        assertThat(browser.currentUri().getQuery()).contains("request_uri=").doesNotContain("redirect_uri=");
        pages.signIn(person).arriveAt(pushedOnly, "/callback");

        assertThat(pushedOnly.problems()).isEmpty();
        assertThat(pushedOnly.lastSignIn().orElseThrow().subject()).isEqualTo(person.id());
    }

    @Test
    void aWrongPasswordShowsTheFormAgainWithAnAlertAndNoRedirect() {
        SignInFixture.Person person = fixture.newPerson();
        int errors = firstParty.errors().size();
        int signIns = firstParty.signIns().size();

        browser.open(firstParty.login());
        pages.signIn(person.username(), "not the password");

        assertThat(pages.showsSignIn()).as(browser.html()).isTrue();
        assertThat(browser.driver().findElements(By.cssSelector("[role=alert]"))).isNotEmpty();
        assertThat(firstParty.errors()).hasSize(errors);
        assertThat(firstParty.signIns()).hasSize(signIns);

        // the same form, now with the right password, still signs in
        pages.signIn(person).arriveAt(firstParty, "/callback");
        assertThat(firstParty.lastSignIn().orElseThrow().subject()).isEqualTo(person.id());
    }

    @Test
    void uiLocalesDeShowsTheSignInPageInGerman() {
        browser.open(firstParty.login());
        assertThat(pages.showsSignIn()).isTrue();
        String english = browser.text();
        assertThat(browser.language()).startsWith("en");

        browser.open(firstParty.login("ui_locales=de"));

        assertThat(pages.showsSignIn()).isTrue();
        assertThat(browser.language()).isEqualTo("de");
        assertThat(browser.text()).isNotEqualTo(english);
    }

    private static void signInAt(TestRelyingParty rp, SignInFixture.Person person) {
        browser.open(rp.login());
        pages.signIn(person).arriveAt(rp, "/callback");
        assertThat(rp.problems()).isEmpty();
    }
}

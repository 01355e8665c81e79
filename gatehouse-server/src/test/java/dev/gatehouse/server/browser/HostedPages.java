package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * What a person does on the issuer's hosted pages, in terms of the pages' fixed form fields: the sign-in form
 * ({@code username}, {@code password}, hidden {@code csrf} and {@code request}), the consent form (buttons
 * {@code decision} = {@code allow} / {@code deny}) and the sign-out question ({@code decision} = {@code logout}
 * / {@code stay}).
 */
final class HostedPages {
    private final Browser browser;
    private final SignInFixture fixture;

    HostedPages(Browser browser, SignInFixture fixture) {
        this.browser = browser;
        this.fixture = fixture;
    }

    boolean atIssuer() {
        return fixture.atIssuer(browser.currentUri());
    }

    /** Whether the browser shows the issuer's sign-in form. */
    boolean showsSignIn() {
        return atIssuer() && browser.hasField("password") && browser.hasField("username");
    }

    /** Whether the browser shows the issuer's consent form. */
    boolean showsConsent() {
        return atIssuer() && !browser.driver().findElements(By.cssSelector("button[name='decision'][value='allow']")).isEmpty();
    }

    /** Types the person's credentials into the sign-in form and sends it. */
    HostedPages signIn(SignInFixture.Person person) {
        return signIn(person.username(), person.password());
    }

    HostedPages signIn(String username, String password) {
        assertThat(showsSignIn()).as("the sign-in page at %s:%n%s", browser.currentUri(), browser.html()).isTrue();
        browser.type("username", username).type("password", password).submitFormOf("password");
        return this;
    }

    HostedPages allow() {
        assertThat(showsConsent()).as("the consent page at %s:%n%s", browser.currentUri(), browser.html()).isTrue();
        browser.press("decision", "allow");
        return this;
    }

    HostedPages deny() {
        assertThat(showsConsent()).as("the consent page at %s:%n%s", browser.currentUri(), browser.html()).isTrue();
        browser.press("decision", "deny");
        return this;
    }

    /**
     * OAuth 2.0 Form Post Response Mode without script: the issuer's page holds a form that posts the response
     * to the relying party; a person (or the page's own script, where it has one) sends it.
     */
    HostedPages continueFormPost(URI redirectUri) {
        if (atIssuer()) {
            List<WebElement> forms = browser.driver().findElements(By.cssSelector("form[action='" + redirectUri + "']"));
            try {
                if (!forms.isEmpty()) {
                    browser.clickAndWait(forms.get(0).findElement(By.cssSelector("button, input[type=submit]")));
                }
            } catch (StaleElementReferenceException e) {
                // the page's own script sent the form first
            }
        }
        return this;
    }

    /** Confirms RP-initiated logout when the issuer asks, then follows its link back when it shows one. */
    HostedPages confirmSignOut(URI returnTo) {
        if (atIssuer() && !browser.driver().findElements(By.cssSelector("button[name='decision'][value='logout']")).isEmpty()) {
            browser.press("decision", "logout");
        }
        if (atIssuer()) {
            List<WebElement> back = browser.driver().findElements(By.cssSelector("a[href^='" + returnTo + "']"));
            if (!back.isEmpty()) {
                browser.clickAndWait(back.get(0));
            }
        }
        return this;
    }

    /** Waits until the browser is back at {@code rp}'s page {@code path}. */
    HostedPages arriveAt(TestRelyingParty rp, String path) {
        URI expected = rp.uri(path);
        browser.waitForUri(u -> u.getPort() == expected.getPort() && u.getPath().equals(path),
                "the relying party's " + path);
        return this;
    }
}

package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on through the issuer's browser session, and the OpenID Connect parameters that steer it
 * ({@code prompt=none}, {@code prompt=login}, {@code max_age}), as OpenID Connect Core 1.0 section 3.1.2.1 says.
 */
class BrowserSingleSignOnTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    static SignInFixture fixture;
    static TestRelyingParty orders;
    static TestRelyingParty billing;
    static HostedPages pages;

    @BeforeAll
    static void start(@TempDir Path dir) {
        fixture = SignInFixture.start(dir);
        orders = fixture.relyingParty("orders-web", "skip");
        billing = fixture.relyingParty("billing-web", "skip");
        pages = new HostedPages(browser, fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aSecondClientSignsInWithoutAPasswordPrompt() {
        SignInFixture.Person person = fixture.newPerson();
        TestRelyingParty.SignIn first = signIn(orders, person);

        browser.open(billing.login());
        pages.arriveAt(billing, "/callback");

        assertThat(billing.problems()).isEmpty();
        TestRelyingParty.SignIn second = billing.lastSignIn().orElseThrow();
        assertThat(second.subject()).isEqualTo(person.id());
        assertThat(second.sid()).isEqualTo(first.sid());
        assertThat(authTime(second)).isEqualTo(authTime(first));
    }

    @Test
    void promptNoneWithASessionSignsInWithoutAnyPage() {
        SignInFixture.Person person = fixture.newPerson();
        TestRelyingParty.SignIn first = signIn(orders, person);

        browser.open(billing.login("prompt=none"));
        pages.arriveAt(billing, "/callback");

        assertThat(billing.problems()).isEmpty();
        assertThat(billing.lastSignIn().orElseThrow().sid()).isEqualTo(first.sid());
    }

    @Test
    void promptNoneWithoutASessionAnswersLoginRequiredWithTheState() {
        int errors = billing.errors().size();

        browser.open(billing.login("prompt=none"));
        pages.arriveAt(billing, "/callback");

        assertThat(billing.problems()).isEmpty();
        assertThat(billing.errors()).hasSize(errors + 1);
        TestRelyingParty.AuthorizationError error = billing.errors().get(errors);
        assertThat(error.error()).isEqualTo("login_required");
        assertThat(error.state()).isNotBlank();
        assertThat(error.issuer()).isEqualTo(fixture.issuer().baseUri().toString());
    }

    @Test
    void promptLoginAsksForThePasswordAgainDespiteTheSession() {
        SignInFixture.Person person = fixture.newPerson();
        TestRelyingParty.SignIn first = signIn(orders, person);
        fixture.issuer().clock().advance(Duration.ofSeconds(5));

        browser.open(orders.login("prompt=login"));
        assertThat(pages.showsSignIn()).as(browser.html()).isTrue();
        pages.signIn(person).arriveAt(orders, "/callback");

        assertThat(orders.problems()).isEmpty();
        assertThat(authTime(orders.lastSignIn().orElseThrow())).isAfter(authTime(first));
    }

    @Test
    void maxAgeForcesASignInOnceTheLastOneIsOlderAndNotBefore() {
        SignInFixture.Person person = fixture.newPerson();
        TestRelyingParty.SignIn first = signIn(orders, person);

        // within max_age: no page, the same authentication time
        browser.open(billing.login("max_age=3600"));
        pages.arriveAt(billing, "/callback");
        assertThat(authTime(billing.lastSignIn().orElseThrow())).isEqualTo(authTime(first));

        // past max_age: the password again, and a new authentication time
        fixture.issuer().clock().advance(Duration.ofMinutes(2));
        browser.open(billing.login("max_age=60"));
        assertThat(pages.showsSignIn()).as(browser.html()).isTrue();
        pages.signIn(person).arriveAt(billing, "/callback");

        assertThat(billing.problems()).isEmpty();
        TestRelyingParty.SignIn again = billing.lastSignIn().orElseThrow();
        assertThat(again.subject()).isEqualTo(person.id());
        assertThat(authTime(again)).isAfterOrEqualTo(authTime(first).plus(Duration.ofMinutes(2)));
    }

    @Test
    void loginHintFillsInTheUsername() {
        browser.open(orders.login("login_hint=someone"));

        assertThat(pages.showsSignIn()).isTrue();
        assertThat(browser.field("username").getDomAttribute("value")).isEqualTo("someone");
    }

    private static TestRelyingParty.SignIn signIn(TestRelyingParty rp, SignInFixture.Person person) {
        browser.open(rp.login());
        pages.signIn(person).arriveAt(rp, "/callback");
        assertThat(rp.problems()).isEmpty();
        return rp.lastSignIn().orElseThrow();
    }

    private static Instant authTime(TestRelyingParty.SignIn signIn) {
        return signIn.idToken().getAuthenticationTime().toInstant();
    }
}

package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging out everywhere: OpenID Connect RP-Initiated Logout 1.0 from one relying party ends the browser
 * session, revokes its tokens and sends a Back-Channel Logout 1.0 logout token to every client of the session
 * that registered a back-channel logout URI.
 */
class BrowserLogoutTest {
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
    void logoutEndsTheSessionRevokesItsTokensAndNotifiesEveryClientOfIt() throws Exception {
        SignInFixture.Person person = fixture.newPerson();
        browser.open(orders.login());
        pages.signIn(person).arriveAt(orders, "/callback");
        browser.open(billing.login());
        pages.arriveAt(billing, "/callback");
        TestRelyingParty.SignIn atOrders = orders.lastSignIn().orElseThrow();
        TestRelyingParty.SignIn atBilling = billing.lastSignIn().orElseThrow();
        assertThat(atBilling.sid()).isEqualTo(atOrders.sid());
        assertThat(userInfoStatus(atBilling)).isEqualTo(200);

        browser.open(orders.uri("/logout"));
        pages.confirmSignOut(orders.postLogoutRedirectUri()).arriveAt(orders, "/logged-out");

        // back to the registered post-logout redirect with the state the relying party sent
        assertThat(orders.loggedOutStates()).contains(orders.logoutState());

        // Back-Channel Logout 1.0 section 2.4: each client of the session hears of its end
        await().atMost(Duration.ofSeconds(30)).until(() -> hasLogoutFor(orders, atOrders) && hasLogoutFor(billing, atOrders));
        assertThat(orders.problems()).isEmpty();
        assertThat(billing.problems()).isEmpty();

        // the session's access tokens are refused at once, and the browser has no session left
        assertThat(userInfoStatus(atBilling)).isEqualTo(401);
        assertThat(userInfoStatus(atOrders)).isEqualTo(401);
        int errors = billing.errors().size();
        browser.open(billing.login("prompt=none"));
        pages.arriveAt(billing, "/callback");
        assertThat(billing.errors()).hasSize(errors + 1);
        assertThat(billing.errors().get(errors).error()).isEqualTo("login_required");
    }

    @Test
    void aPostLogoutRedirectThatIsNotRegisteredIsNeverFollowed() {
        SignInFixture.Person person = fixture.newPerson();
        browser.open(orders.login());
        pages.signIn(person).arriveAt(orders, "/callback");
        TestRelyingParty.SignIn signIn = orders.lastSignIn().orElseThrow();
        URI elsewhere = URI.create("http://127.0.0.1:" + billing.uri("/").getPort() + "/logged-out");

        browser.open(new LogoutRequest(orders.metadata().getEndSessionEndpointURI(), signIn.rawIdToken(), null,
                new ClientID(orders.clientId()), elsewhere, new State(), null).toURI());
        pages.confirmSignOut(elsewhere);

        assertThat(pages.atIssuer()).as("still at the issuer, now at %s", browser.currentUri()).isTrue();
        assertThat(billing.loggedOutStates()).isEmpty();
    }

    private static boolean hasLogoutFor(TestRelyingParty rp, TestRelyingParty.SignIn signIn) {
        return rp.logoutTokens().stream().anyMatch(t -> matches(t, signIn));
    }

    private static boolean matches(LogoutTokenClaimsSet token, TestRelyingParty.SignIn signIn) {
        return token.getSessionID() != null && token.getSessionID().getValue().equals(signIn.sid())
                && token.getSubject() != null && token.getSubject().getValue().equals(signIn.subject());
    }

    private static int userInfoStatus(TestRelyingParty.SignIn signIn) throws Exception {
        return new UserInfoRequest(orders.metadata().getUserInfoEndpointURI(), (BearerAccessToken) signIn.accessToken())
                .toHTTPRequest().send().getStatusCode();
    }
}

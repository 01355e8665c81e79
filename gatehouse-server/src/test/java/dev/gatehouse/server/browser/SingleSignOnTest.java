package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SingleSignOnTest extends BrowserFlowFixture {
    private final HttpBrowser browser = new HttpBrowser();

    private AuthorizationCode firstCode() {
        return codes.issued(HttpBrowser.query(signedIn(browser)).get("code"));
    }

    private HttpResponse<String> spa(Map<String, String> extra) {
        Map<String, String> p = request("spa", "https://spa.example/cb");
        p.putAll(extra);
        return browser.get(authorize(p));
    }

    @Test
    void aSecondClientSignsInWithoutAPasswordInTheSameLoginSession() {
        AuthorizationCode first = firstCode();

        HttpResponse<String> response = spa(Map.of());

        Map<String, String> query = redirectedTo(response, "https://spa.example/cb");
        assertThat(response.statusCode()).isEqualTo(302);
        AuthorizationCode second = codes.issued(query.get("code"));
        assertThat(second.clientId()).isEqualTo("spa");
        assertThat(second.subject()).isEqualTo(alice.id());
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(second.authTime()).isEqualTo(first.authTime());
    }

    @Test
    void promptNoneWithoutASessionIsLoginRequired() {
        Map<String, String> query = redirectedTo(spa(Map.of("prompt", "none")), "https://spa.example/cb");

        assertThat(query).containsEntry("error", "login_required").containsEntry("state", "st-123");
    }

    @Test
    void promptNoneWithASessionGetsACode() {
        firstCode();

        assertThat(redirectedTo(spa(Map.of("prompt", "none")), "https://spa.example/cb")).containsKey("code");
    }

    @Test
    void promptLoginShowsTheSignInPageDespiteASession() {
        firstCode();

        assertSignInPage(spa(Map.of("prompt", "login")));
    }

    @Test
    void maxAgeZeroShowsTheSignInPage() {
        firstCode();

        assertSignInPage(spa(Map.of("max_age", "0")));
    }

    @Test
    void maxAgePassedShowsTheSignInPageAndWithinItDoesNot() {
        firstCode();
        issuer.clock().advance(Duration.ofSeconds(120));

        assertSignInPage(spa(Map.of("max_age", "60")));
        assertThat(redirectedTo(spa(Map.of("max_age", "600")), "https://spa.example/cb")).containsKey("code");
        assertThat(redirectedTo(spa(Map.of("max_age", "60", "prompt", "none")), "https://spa.example/cb"))
                .containsEntry("error", "login_required");
    }

    @Test
    void afterARepeatedSignInTheCodeCarriesTheNewAuthTime() {
        AuthorizationCode first = firstCode();
        issuer.clock().advance(Duration.ofMinutes(5));

        HttpResponse<String> page = spa(Map.of("prompt", "login"));
        AuthorizationCode second = codes.issued(redirectedTo(signIn(browser, page, "alice", PASSWORD),
                "https://spa.example/cb").get("code"));

        assertThat(second.authTime()).isEqualTo(first.authTime().plus(Duration.ofMinutes(5)));
        assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
    }

    @Test
    void idTokenHintForTheSignedInUserIsAccepted() {
        AuthorizationCode first = firstCode();

        Map<String, String> query = redirectedTo(spa(Map.of("prompt", "none", "id_token_hint", idToken(alice, first))),
                "https://spa.example/cb");

        assertThat(query).containsKey("code");
    }

    @Test
    void idTokenHintForAnotherUserIsLoginRequiredWithPromptNoneAndTheSignInPageWithout() {
        AuthorizationCode first = firstCode();
        String bobs = idToken(bob, first);

        assertThat(redirectedTo(spa(Map.of("prompt", "none", "id_token_hint", bobs)), "https://spa.example/cb"))
                .containsEntry("error", "login_required");
        assertSignInPage(spa(Map.of("id_token_hint", bobs)));
    }

    @Test
    void anExpiredIdTokenIsStillAHint() {
        AuthorizationCode first = firstCode();
        String hint = idToken(alice, first);
        issuer.clock().advance(Duration.ofMinutes(20));
        browser.get(authorize(request("spa", "https://spa.example/cb"))); // keeps the browser session from idling out
        issuer.clock().advance(Duration.ofMinutes(20));

        assertThat(redirectedTo(spa(Map.of("prompt", "none", "id_token_hint", hint)), "https://spa.example/cb"))
                .containsKey("code");
    }

    @Test
    void idTokenHintNotSignedByThisIssuerIsInvalidRequest() {
        firstCode();
        String forged = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4Iiwic3ViIjoieCJ9.";

        assertThat(redirectedTo(spa(Map.of("id_token_hint", forged)), "https://spa.example/cb"))
                .containsEntry("error", "invalid_request");
    }

    @Test
    void revokingTheLoginSessionThroughTheAdminApiEndsTheBrowserSession() throws Exception {
        AuthorizationCode first = firstCode();
        User admin = issuer.createUser("root", "admin-password", Set.of("admin"));
        OAuthClient firstParty = issuer.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();
        String token = issuer.services().sessionTokens().login(admin, firstParty, null, List.of(), "192.0.2.1", "test",
                "login").accessToken().value();

        HttpResponse<String> revoked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        issuer.uri(Endpoints.ADMIN + "/sessions/" + first.sessionId()))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertSignInPage(spa(Map.of()));
        assertThat(redirectedTo(spa(Map.of("prompt", "none")), "https://spa.example/cb"))
                .containsEntry("error", "login_required");
    }

    @Test
    void anIdleBrowserSessionEnds() {
        firstCode();
        issuer.clock().advance(Duration.ofMinutes(31));

        assertSignInPage(spa(Map.of()));
    }

    @Test
    void useKeepsTheBrowserSessionFromIdlingOut() {
        firstCode();
        for (int i = 0; i < 4; i++) {
            issuer.clock().advance(Duration.ofMinutes(20));
            assertThat(redirectedTo(spa(Map.of()), "https://spa.example/cb")).containsKey("code");
        }
    }

    @Test
    void theBrowserSessionEndsAtItsAbsoluteLimitHoweverUsed() {
        firstCode();
        for (int i = 0; i < 23; i++) {
            issuer.clock().advance(Duration.ofMinutes(29));
            spa(Map.of());
        }
        assertThat(redirectedTo(spa(Map.of()), "https://spa.example/cb")).containsKey("code");
        issuer.clock().advance(Duration.ofMinutes(29)); // 24 x 29 min > 11 h 30; the next step crosses 12 h
        spa(Map.of());
        issuer.clock().advance(Duration.ofMinutes(29));

        assertSignInPage(spa(Map.of()));
    }

    private String idToken(User user, AuthorizationCode code) {
        return issuer.services().minter().idToken(user.id(), "spa", code.sessionId(), code.authTime(), user.username(),
                List.of(), JWSAlgorithm.ES256).value();
    }
}

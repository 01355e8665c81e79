package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.client.BrowserSignIn;
import dev.gatehouse.core.client.ClientSecrets;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real issuer with a few registered clients and users, and the steps of a browser sign-in. */
abstract class BrowserFlowFixture {
    static final String PASSWORD = "correct horse battery";
    static final String WEB_SECRET = "web-secret-0123456789-0123456789-0123456789";
    static final String PUSHY_SECRET = "pushy-secret-0123456789-0123456789-01234567";
    static final String WEB_REDIRECT = "https://web.example/cb";
    static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-0123456789";
    static final String CHALLENGE = Base64.getUrlEncoder().withoutPadding().encodeToString(
            Secrets.digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));

    @TempDir
    Path dataDir;

    TestIssuer issuer;
    RecordingAuthorizationCodeStore codes;
    User alice;
    User bob;

    UnaryOperator<IssuerConfig> config() {
        return UnaryOperator.identity();
    }

    @BeforeEach
    void startIssuer() {
        codes = new RecordingAuthorizationCodeStore();
        issuer = TestIssuer.start(dataDir, config(), s -> codes.into(s, OutageRequestStore::new));
        alice = issuer.createUser("alice", PASSWORD, Set.of("staff"));
        bob = issuer.createUser("bob", PASSWORD, Set.of());
        register(TestClients.confidential("web").secretHash(ClientSecrets.hashGenerated(WEB_SECRET))
                .grant(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN).scope("openid", "profile", "orders:read")
                .redirectUri(WEB_REDIRECT, "https://web.example/cb?tenant=a%20b").consent(BrowserSignIn.Consent.SKIP)
                .name("Web Shop").build());
        register(TestClients.publicClient("spa").grant(GrantType.AUTHORIZATION_CODE).scope("openid", "profile")
                .redirectUri("http://127.0.0.1/callback", "http://[::1]:8080/callback", "https://spa.example/cb")
                .consent(BrowserSignIn.Consent.SKIP).build());
        register(TestClients.publicClient("third").grant(GrantType.AUTHORIZATION_CODE).scope("openid", "profile", "email")
                .redirectUri("https://third.example/cb").name("Third Party App").build());
        register(TestClients.confidential("pushy").secretHash(ClientSecrets.hashGenerated(PUSHY_SECRET))
                .grant(GrantType.AUTHORIZATION_CODE).scope("openid").redirectUri("https://pushy.example/cb")
                .consent(BrowserSignIn.Consent.SKIP).requirePushedAuthorizationRequests().build());
        register(TestClients.confidential("machine").secretHash(ClientSecrets.hashGenerated(WEB_SECRET))
                .scope("openid").redirectUri("https://machine.example/cb").consent(BrowserSignIn.Consent.SKIP).build());
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    /** From now on the authorization request store answers as an unreachable database does. */
    void databaseDown() {
        OutageRequestStore.down = true;
    }

    @AfterEach
    void databaseUp() {
        OutageRequestStore.down = false;
    }

    void register(OAuthClient client) {
        issuer.services().stores().clients().create(client);
    }

    /** A valid request of the web client, to adjust per test. */
    static Map<String, String> webRequest() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", "web");
        p.put("redirect_uri", WEB_REDIRECT);
        p.put("scope", "openid profile");
        p.put("state", "st-123");
        p.put("nonce", "n-456");
        p.put("code_challenge", CHALLENGE);
        p.put("code_challenge_method", "S256");
        return p;
    }

    static Map<String, String> request(String clientId, String redirectUri) {
        Map<String, String> p = webRequest();
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        return p;
    }

    URI authorize(Map<String, String> params) {
        return URI.create(issuer.uri(Endpoints.AUTHORIZE) + "?" + HttpBrowser.form(params));
    }

    /** Posts the sign-in form of {@code page} with these credentials. */
    HttpResponse<String> signIn(HttpBrowser browser, HttpResponse<String> page, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>(HttpBrowser.hidden(page.body()));
        form.put("username", username);
        form.put("password", password);
        return browser.post(issuer.uri(Endpoints.AUTHORIZE_SIGN_IN), form);
    }

    /** Signs the browser in as alice through the web client; returns the redirect with the code. */
    HttpResponse<String> signedIn(HttpBrowser browser) {
        HttpResponse<String> page = browser.get(authorize(webRequest()));
        assertSignInPage(page);
        HttpResponse<String> redirect = signIn(browser, page, "alice", PASSWORD);
        assertThat(redirect.statusCode()).isEqualTo(303);
        return redirect;
    }

    static void assertSignInPage(HttpResponse<String> page) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(HttpBrowser.hidden(page.body())).containsKeys("request", "csrf");
        assertThat(page.body()).contains("name=\"password\"");
    }

    /** A redirect to {@code redirectUri} (and nowhere else), with {@code iss}. */
    Map<String, String> redirectedTo(HttpResponse<String> response, String redirectUri) {
        assertThat(response.statusCode()).isIn(302, 303);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirectUri + (redirectUri.contains("?") ? "&" : "?"));
        Map<String, String> query = HttpBrowser.query(response);
        assertThat(query).containsEntry("iss", issuer.baseUri().toString());
        return query;
    }

    /** An error page: no redirect at all. */
    static void assertErrorPage(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    }
}

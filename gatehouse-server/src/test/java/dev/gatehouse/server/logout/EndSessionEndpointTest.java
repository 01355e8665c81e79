package dev.gatehouse.server.logout;

import static dev.gatehouse.server.logout.BackchannelLogoutTest.send;
import static dev.gatehouse.server.logout.BackchannelLogoutTest.sid;
import static dev.gatehouse.server.logout.LogoutTokenAssert.assertLogoutToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.browser.BrowserSessionStore;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.store.Stores;
import dev.gatehouse.core.testing.InMemoryBrowserSessionStore;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.Issuer;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.server.testing.TestIssuer;
import dev.gatehouse.store.jdbc.JdbcStores;
import java.lang.reflect.RecordComponent;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-session endpoint on a real issuer. Browser sessions are made here, in a store of their own, as the
 * authorization endpoint would make them at sign-in.
 */
class EndSessionEndpointTest {
    private static final String BYE = "https://web.example/bye";
    private static final String COOKIE = "__Host-gh-session";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.startingNow();
    final BrowserSessionStore browserSessions = new InMemoryBrowserSessionStore();
    JdbcStores jdbc;
    Issuer issuer;
    URI base;
    LogoutReceiver receiver;
    String webSecret;
    User alice;

    @BeforeEach
    void start() throws Exception {
        receiver = LogoutReceiver.start();
        jdbc = JdbcStores.open(JdbcStores.h2FileUrl(dir), "", "");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        IssuerConfig config = new IssuerConfig("127.0.0.1", port, 64 * 1024, TokenConfig.defaults(base),
                TestIssuer.TEST_PASSWORDS, ThrottleConfig.defaults(), KeyEncryption.fromBase64(KeyEncryption.generateKey()),
                TransportSecurity.plainHttp()).withBackchannelLogout(BackchannelLogoutTest.SETTINGS);
        issuer = Issuer.start(config, with(jdbc.stores(), "browserSessions", browserSessions), clock);
        webSecret = issuer.services().clients().create(TestClients.confidential("web").name("Web shop")
                .grant(GrantType.PASSWORD).scope("openid").introspection()
                .postLogoutRedirectUri(BYE, "https://web.example/bye?from=logout")
                .backchannelLogoutUri(receiver.uri().toString()).build(), "test").secret();
        issuer.services().clients().create(TestClients.confidential("other").grant(GrantType.PASSWORD).scope("openid")
                .postLogoutRedirectUri("https://other.example/bye").build(), "test");
        alice = issuer.services().users().create("alice", "correct horse battery", Set.of(), "test");
    }

    @AfterEach
    void stop() {
        receiver.close();
        issuer.close();
        jdbc.close();
    }

    @Test
    void aValidHintForTheBrowsersSessionSignsOutAtOnceClearsTheCookieAndReturnsWithState() throws Exception {
        SignedIn in = signIn("web");

        HttpResponse<String> response = get(query("id_token_hint", in.tokens.idToken().value(),
                "post_logout_redirect_uri", BYE, "state", "af0ifjsldkj&x=1"), in.cookie);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue(BYE + "?state=af0ifjsldkj%26x%3D1");
        assertThat(response.headers().allValues("Set-Cookie"))
                .contains(COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertSignedOut(in);
    }

    @Test
    void theRelyingPartyIsToldThroughTheBackChannel() throws Exception {
        SignedIn in = signIn("web");

        get(query("id_token_hint", in.tokens.idToken().value()), in.cookie);

        await().atMost(10, TimeUnit.SECONDS).until(() -> receiver.tokens().size() == 1);
        assertLogoutToken(base, receiver.tokens().getFirst(), "web", alice.id(), in.sid);
    }

    @Test
    void anExpiredHintStillSignsOut() {
        SignedIn in = signIn("web");
        clock.advance(Duration.ofHours(2));

        HttpResponse<String> response = get(query("id_token_hint", in.tokens.idToken().value(),
                "post_logout_redirect_uri", BYE), in.cookie);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(issuer.services().stores().sessions().find(in.sid).orElseThrow().revokedAt()).isNotNull();
    }

    @Test
    void withoutAHintTheUserConfirmsOnAPageWhoseFormIsProtectedAgainstForgery() {
        SignedIn in = signIn("web");

        HttpResponse<String> page = get(query("client_id", "web", "post_logout_redirect_uri", BYE, "state", "s1"), in.cookie);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("action=\"" + Endpoints.END_SESSION + "\"")
                .contains("name=\"post_logout_redirect_uri\" value=\"" + BYE + "\"").contains("name=\"state\" value=\"s1\"");
        assertSignedIn(in);
        String csrf = csrfCookie(page);
        Matcher field = CSRF_FIELD.matcher(page.body());
        assertThat(field.find()).isTrue();

        HttpResponse<String> forged = post(form("decision", "logout", "client_id", "web", "post_logout_redirect_uri", BYE,
                "state", "s1"), in.cookie);
        HttpResponse<String> wrong = post(form("csrf", Secrets.randomBase64Url(32), "decision", "logout"),
                in.cookie + "; __Host-gh-csrf=" + csrf);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertSignedIn(in);

        HttpResponse<String> confirmed = post(form("csrf", field.group(1), "decision", "logout", "client_id", "web",
                "post_logout_redirect_uri", BYE, "state", "s1"), in.cookie + "; __Host-gh-csrf=" + csrf);

        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(confirmed.headers().firstValue("Location")).hasValue(BYE + "?state=s1");
        assertSignedOut(in);
    }

    @Test
    void stayingSignedInOnTheConfirmationPageEndsNothing() {
        SignedIn in = signIn("web");
        HttpResponse<String> page = get(query("client_id", "web"), in.cookie);
        Matcher field = CSRF_FIELD.matcher(page.body());
        assertThat(field.find()).isTrue();

        HttpResponse<String> stay = post(form("csrf", field.group(1), "decision", "stay", "client_id", "web"),
                in.cookie + "; __Host-gh-csrf=" + csrfCookie(page));

        assertThat(stay.statusCode()).isEqualTo(200);
        assertThat(stay.headers().firstValue("Location")).isEmpty();
        assertSignedIn(in);
    }

    @Test
    void aHintForAnotherSessionOrAForgedHintAsksTheUser() throws Exception {
        SignedIn in = signIn("web");
        SignedIn elsewhere = signIn("web");
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(issuer.services().keys().signer().kid()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(attacker.getKeyID()).build(), SignedJWT.parse(in.tokens.idToken().value()).getJWTClaimsSet());
        forged.sign(new ECDSASigner(attacker));

        HttpResponse<String> other = get(query("id_token_hint", elsewhere.tokens.idToken().value()), in.cookie);
        HttpResponse<String> fake = get(query("id_token_hint", forged.serialize(), "post_logout_redirect_uri", BYE), in.cookie);

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).contains("name=\"decision\" value=\"logout\"");
        assertThat(fake.statusCode()).isEqualTo(200);
        assertThat(fake.body()).contains("name=\"decision\" value=\"logout\"");
        assertSignedIn(in);
        assertSignedIn(elsewhere);
    }

    @Test
    void aClientIdThatIsNotTheHintsAudienceGetsAnErrorPageAndNoRedirect() {
        SignedIn in = signIn("web");

        HttpResponse<String> response = get(query("id_token_hint", in.tokens.idToken().value(), "client_id", "other",
                "post_logout_redirect_uri", "https://other.example/bye"), in.cookie);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("invalid_request");
        assertSignedIn(in);
    }

    @Test
    void noRedirectIsEverMadeToAUriNotRegisteredForTheClient() {
        List<String> attempts = List.of("https://evil.example/", "https://other.example/bye", "javascript:alert(1)",
                "https://WEB.example/bye", "https://web.example:443/bye", "https://web.example/bye/",
                "https://web.example/%62ye", "https://web.example/bye?from=logout&next=https://evil.example",
                "//evil.example/bye", "https://web.example/bye#frag");
        for (String uri : attempts) {
            SignedIn in = signIn("web");
            HttpResponse<String> response = get(query("id_token_hint", in.tokens.idToken().value(),
                    "post_logout_redirect_uri", uri, "state", "s"), in.cookie);
            assertThat(response.statusCode()).as(uri).isEqualTo(200);
            assertThat(response.headers().firstValue("Location")).as(uri).isEmpty();
            assertThat(response.body()).as(uri).contains("Signed out").doesNotContain("evil.example");
        }
    }

    @Test
    void aRegisteredUriWithoutAnyWayToKnowTheClientIsNotFollowed() {
        HttpResponse<String> response = get(query("post_logout_redirect_uri", BYE, "state", "s"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aRelyingPartysPostedRequestIsSentOnAsAGetSoTheSessionCookieComesAlong() {
        SignedIn in = signIn("web");

        HttpResponse<String> response = post(form("id_token_hint", in.tokens.idToken().value(),
                "post_logout_redirect_uri", BYE, "state", "s 1"), null);

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .startsWith(Endpoints.END_SESSION + "?id_token_hint=").endsWith("&post_logout_redirect_uri="
                        + URLEncoder.encode(BYE, StandardCharsets.UTF_8) + "&state=s+1"));
        String location = response.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> followed = send(HttpRequest.newBuilder(URI.create(base + location)).header("Cookie", in.cookie));

        assertThat(followed.statusCode()).isEqualTo(302);
        assertThat(followed.headers().firstValue("Location")).hasValue(BYE + "?state=s+1");
        assertSignedOut(in);
    }

    @Test
    void aRepeatedParameterIsRefusedWithAnErrorPage() {
        SignedIn in = signIn("web");

        HttpResponse<String> response = get("?client_id=web&client_id=other", in.cookie);

        assertThat(response.statusCode()).isEqualTo(400);
        assertSignedIn(in);
    }

    @Test
    void withoutABrowserSessionTheRelyingPartyIsSentBackAndNothingEnds() {
        SignedIn in = signIn("web");

        HttpResponse<String> response = get(query("id_token_hint", in.tokens.idToken().value(),
                "post_logout_redirect_uri", BYE, "state", "s"), null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue(BYE + "?state=s");
        assertSignedIn(in);
    }

    private void assertSignedOut(SignedIn in) {
        assertThat(browserSessions.find(Secrets.sha256(in.cookieValue))).isEmpty();
        assertThat(issuer.services().stores().sessions().find(in.sid).orElseThrow().revokedAt()).isNotNull();
        assertThatThrownBy(() -> issuer.services().verifier().verify(in.tokens.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(introspect(in.tokens.accessToken().value())).contains("\"active\":false");
    }

    private void assertSignedIn(SignedIn in) {
        assertThat(browserSessions.find(Secrets.sha256(in.cookieValue))).isPresent();
        assertThat(issuer.services().stores().sessions().find(in.sid).orElseThrow().revokedAt()).isNull();
        assertThat(introspect(in.tokens.accessToken().value())).contains("\"active\":true");
    }

    private String introspect(String token) {
        String basic = Base64.getEncoder().encodeToString(("web:" + webSecret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + Endpoints.INTROSPECTION))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))).body();
    }

    private record SignedIn(TokenResult tokens, String sid, String cookieValue, String cookie) {}

    /** A login session at {@code clientId} and the browser session the sign-in page would have started for it. */
    private SignedIn signIn(String clientId) {
        OAuthClient client = issuer.services().clients().find(clientId).orElseThrow();
        TokenResult tokens = issuer.services().sessionTokens().login(alice, client, Scope.parse("openid"), List.of(),
                "192.0.2.10", "test", "test");
        String cookie = Secrets.newToken();
        var now = clock.instant();
        browserSessions.create(new BrowserSession(Secrets.sha256(cookie), sid(tokens), alice.id(), now, now, now,
                now.plus(Duration.ofDays(1))));
        return new SignedIn(tokens, sid(tokens), cookie, COOKIE + "=" + cookie);
    }

    private HttpResponse<String> get(String query, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + Endpoints.END_SESSION + query));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private HttpResponse<String> post(String form, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + Endpoints.END_SESSION))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private static String csrfCookie(HttpResponse<String> page) {
        return page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-gh-csrf="))
                .map(c -> c.substring("__Host-gh-csrf=".length(), c.indexOf(';'))).findFirst().orElseThrow();
    }

    private static String query(String... pairs) {
        return "?" + form(pairs);
    }

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(out.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** {@code stores} with one store replaced, whatever else the record holds. */
    private static Stores with(Stores stores, String component, Object replacement) throws Exception {
        RecordComponent[] components = Stores.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals(component) ? replacement : components[i].getAccessor().invoke(stores);
        }
        return Stores.class.getDeclaredConstructor(types).newInstance(values);
    }
}

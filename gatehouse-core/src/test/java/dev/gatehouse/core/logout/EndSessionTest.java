package dev.gatehouse.core.logout;

import dev.gatehouse.core.token.IdTokenHints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.testing.InMemoryBrowserSessionStore;
import dev.gatehouse.core.testing.InMemoryClientStore;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndSessionTest {
    private static final String BYE = "https://web.example/bye";

    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final InMemoryClientStore clients = new InMemoryClientStore();
    private final InMemoryBrowserSessionStore browserSessions = new InMemoryBrowserSessionStore();
    private final EndSession endSession = new EndSession(new IdTokenHints(issuer.keys, InMemoryIssuer.CONFIG), clients,
            browserSessions, issuer.sessions, issuer.revocations, issuer.clock);
    private final OAuthClient web = client(TestClients.publicClient("web").name("Web shop").scope("openid")
            .postLogoutRedirectUri(BYE, "https://web.example/bye?from=logout"));
    private final OAuthClient other = client(TestClients.publicClient("other").scope("openid")
            .postLogoutRedirectUri("https://other.example/bye"));
    private final User alice = issuer.user("alice", "correct horse battery");

    private OAuthClient client(TestClients builder) {
        OAuthClient client = builder.build();
        clients.create(client);
        return client;
    }

    @Test
    void aValidHintForTheBrowsersSessionEndsItAtOnceAndReturnsWithState() {
        SignedIn in = signIn(web);

        EndSession.Outcome outcome = endSession.request(request(in.idToken(), null, BYE, "af0ifjsldkj"), in.cookieHash());

        assertThat(outcome).isEqualTo(new EndSession.Outcome.SignedOut(URI.create(BYE + "?state=af0ifjsldkj")));
        assertEnded(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA", "RS256"})
    void aHintSignedWithTheClientsAlgorithmIsAccepted(String algorithm) {
        OAuthClient client = client(TestClients.publicClient("app-" + algorithm).scope("openid")
                .algorithm(JWSAlgorithm.parse(algorithm)).postLogoutRedirectUri(BYE));
        SignedIn in = signIn(client);

        EndSession.Outcome outcome = endSession.request(request(in.idToken(), null, BYE, null), in.cookieHash());

        assertThat(outcome).isEqualTo(new EndSession.Outcome.SignedOut(URI.create(BYE)));
        assertEnded(in);
    }

    @Test
    void stateIsReturnedExactlyAndAppendedToARegisteredQuery() {
        SignedIn in = signIn(web);

        EndSession.Outcome outcome = endSession.request(request(in.idToken(), "web",
                "https://web.example/bye?from=logout", "a b&c=d/é+"), in.cookieHash());

        assertThat(((EndSession.Outcome.SignedOut) outcome).redirect().toString())
                .isEqualTo("https://web.example/bye?from=logout&state=a+b%26c%3Dd%2F%C3%A9%2B");
    }

    @Test
    void anExpiredHintStillIdentifiesTheSession() {
        SignedIn in = signIn(web);
        issuer.clock.advance(Duration.ofDays(2));
        issuer.sessions.touch(in.sid(), issuer.clock.instant());

        EndSession.Outcome outcome = endSession.request(request(in.idToken(), null, BYE, null), in.cookieHash());

        assertThat(outcome).isEqualTo(new EndSession.Outcome.SignedOut(URI.create(BYE)));
    }

    @Test
    void withoutAHintTheUserIsAskedAndNothingEndsYet() {
        SignedIn in = signIn(web);

        EndSession.Outcome outcome = endSession.request(request(null, "web", BYE, "s"), in.cookieHash());

        assertThat(outcome).isEqualTo(new EndSession.Outcome.Confirm("Web shop", URI.create(BYE + "?state=s")));
        assertLive(in);
    }

    @Test
    void aHintForAnotherSessionOfTheSameUserAsksTheUser() {
        SignedIn in = signIn(web);
        SignedIn elsewhere = signIn(web);

        EndSession.Outcome outcome = endSession.request(request(elsewhere.idToken(), null, BYE, null), in.cookieHash());

        assertThat(outcome).isInstanceOf(EndSession.Outcome.Confirm.class);
        assertLive(in);
        assertLive(elsewhere);
    }

    @Test
    void aForgedHintIsNoHintAtAll() throws Exception {
        SignedIn in = signIn(web);
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(issuer.keys.signer().kid()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(attacker.getKeyID()).build(), SignedJWT.parse(in.idToken()).getJWTClaimsSet());
        forged.sign(new ECDSASigner(attacker));

        EndSession.Outcome outcome = endSession.request(request(forged.serialize(), null, BYE, null), in.cookieHash());

        assertThat(outcome).isEqualTo(new EndSession.Outcome.Confirm(null, null));
        assertLive(in);
    }

    @Test
    void anAccessTokenIsNotAnIdTokenHint() {
        SignedIn in = signIn(web);

        EndSession.Outcome outcome = endSession.request(request(in.accessToken(), "web", BYE, null), in.cookieHash());

        assertThat(outcome).isInstanceOf(EndSession.Outcome.Confirm.class);
        assertLive(in);
    }

    @Test
    void aHintFromAnotherIssuerIsRefusedEvenWithOurKey() throws Exception {
        SignedIn in = signIn(web);
        JWTClaimsSet claims = new JWTClaimsSet.Builder(SignedJWT.parse(in.idToken()).getJWTClaimsSet())
                .issuer("https://evil.example").expirationTime(Date.from(issuer.clock.instant().plusSeconds(60))).build();
        var key = issuer.keys.signer();
        SignedJWT other = new SignedJWT(new JWSHeader.Builder(key.algorithm()).type(JOSEObjectType.JWT).keyID(key.kid()).build(), claims);
        other.sign(key.signer());

        assertThat(endSession.request(request(other.serialize(), null, BYE, null), in.cookieHash()))
                .isInstanceOf(EndSession.Outcome.Confirm.class);
    }

    @Test
    void aClientIdThatIsNotTheHintsAudienceIsRefused() {
        SignedIn in = signIn(web);

        EndSession.Outcome outcome = endSession.request(request(in.idToken(), "other", "https://other.example/bye", null),
                in.cookieHash());

        assertThat(outcome).isInstanceOf(EndSession.Outcome.Refused.class);
        assertLive(in);
    }

    @Test
    void noRedirectUnlessTheUriIsRegisteredForThatClientByteForByte() {
        List<String> refused = List.of("https://web.example/bye/", "https://WEB.example/bye", "https://web.example:443/bye",
                "https://web.example/Bye", "https://web.example/%62ye", "https://web.example/bye#x",
                "https://web.example/bye?from=logout&x=1", "http://web.example/bye", "javascript:alert(1)//web.example/bye",
                "https://other.example/bye", "https://evil.example/");
        for (String uri : refused) {
            SignedIn in = signIn(web);
            EndSession.Outcome outcome = endSession.request(request(in.idToken(), null, uri, "s"), in.cookieHash());
            assertThat(outcome).as(uri).isEqualTo(new EndSession.Outcome.SignedOut(null));
        }
    }

    @Test
    void withoutAKnownClientThereIsNoRedirect() {
        assertThat(endSession.request(request(null, null, BYE, "s"), null))
                .isEqualTo(new EndSession.Outcome.SignedOut(null));
        assertThat(endSession.request(request(null, "nobody", BYE, "s"), null))
                .isEqualTo(new EndSession.Outcome.SignedOut(null));
    }

    @Test
    void withoutABrowserSessionNothingIsRevokedAndARegisteredRedirectIsFollowed() {
        SignedIn in = signIn(web);

        EndSession.Outcome outcome = endSession.request(request(in.idToken(), null, BYE, null), null);

        assertThat(outcome).isEqualTo(new EndSession.Outcome.SignedOut(URI.create(BYE)));
        assertLive(in);
    }

    @Test
    void aBrowserSessionWhoseLoginSessionWasRevokedCountsAsNone() {
        SignedIn in = signIn(web);
        issuer.revocations.revokeSession(in.sid(), alice.id(), "admin", "test");

        assertThat(endSession.request(request(null, null, null, null), in.cookieHash()))
                .isEqualTo(new EndSession.Outcome.SignedOut(null));
    }

    @Test
    void aConfirmedRequestEndsTheSessionAndReturnsToTheRegisteredUri() {
        SignedIn in = signIn(web);

        EndSession.Outcome outcome = endSession.confirmed(request(null, "web", BYE, "xyz"), in.cookieHash());

        assertThat(outcome).isEqualTo(new EndSession.Outcome.SignedOut(URI.create(BYE + "?state=xyz")));
        assertEnded(in);
    }

    private void assertEnded(SignedIn in) {
        assertThat(browserSessions.find(in.cookieHash())).isEmpty();
        assertThat(issuer.sessions.find(in.sid())).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNotNull());
        assertThatThrownBy(() -> issuer.verifier.verify(in.accessToken())).isInstanceOf(InvalidTokenException.class);
    }

    private void assertLive(SignedIn in) {
        assertThat(browserSessions.find(in.cookieHash())).isPresent();
        assertThat(issuer.sessions.find(in.sid())).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNull());
    }

    private static EndSession.Request request(String hint, String clientId, String uri, String state) {
        return new EndSession.Request(hint, clientId, uri, state, null);
    }

    private record SignedIn(String idToken, String accessToken, String sid, String cookieHash) {}

    private SignedIn signIn(OAuthClient client) {
        TokenResult tokens = issuer.sessionTokens.login(alice, client, Scope.parse("openid"), List.of(),
                InMemoryIssuer.ADDRESS, null, "test");
        String sid;
        try {
            sid = SignedJWT.parse(tokens.idToken().value()).getJWTClaimsSet().getStringClaim("sid");
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
        String cookie = Secrets.newToken();
        var now = issuer.clock.instant();
        browserSessions.create(new BrowserSession(Secrets.sha256(cookie), sid, alice.id(), now, now, now,
                now.plus(Duration.ofDays(7))));
        return new SignedIn(tokens.idToken().value(), tokens.accessToken().value(), sid, Secrets.sha256(cookie));
    }
}

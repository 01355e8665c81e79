package dev.gatehouse.core.grant;

import static dev.gatehouse.core.grant.GrantsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.authorize.AuthorizationCodes;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationCodeGrantHandlerTest {
    private static final URI REDIRECT = URI.create("https://web.example/cb");
    private static final CodeVerifier VERIFIER = new CodeVerifier();
    private static final String CHALLENGE = CodeChallenge.compute(CodeChallengeMethod.S256, VERIFIER).getValue();

    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final OAuthClient web = TestClients.confidential("web")
            .grant(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN).scope("openid", "orders:read")
            .redirectUri(REDIRECT.toString()).build();
    private final User alice = issuer.user("alice", "correct horse battery", "reader");
    private final Session session = session(alice);

    @Test
    void redeemingIssuesTokensOfTheCodesSessionWithTheNonceAndAtHash() throws Exception {
        String code = issue(web, "openid orders:read", "n-0S6_WzA2Mj", CHALLENGE);

        TokenResult tokens = redeem(web, code, REDIRECT, VERIFIER);

        var access = issuer.verifier.verify(tokens.accessToken().value());
        assertThat(access.subject()).isEqualTo(alice.id());
        assertThat(access.sid()).isEqualTo(session.id());
        assertThat(tokens.scope()).isEqualTo("openid orders:read");
        JWTClaimsSet id = SignedJWT.parse(tokens.idToken().value()).getJWTClaimsSet();
        assertThat(id.getAudience()).containsExactly("web");
        assertThat(id.getStringClaim("azp")).isEqualTo("web");
        assertThat(id.getStringClaim("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(id.getStringClaim("sid")).isEqualTo(session.id());
        assertThat(id.getLongClaim("auth_time")).isEqualTo(session.authTime().getEpochSecond());
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(tokens.accessToken().value().getBytes(StandardCharsets.US_ASCII));
        assertThat(id.getStringClaim("at_hash"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)));
        assertThat(issuer.backchannelLogouts.participants(session.id())).containsExactly("web");
    }

    @Test
    void theRefreshTokenBelongsToTheSessionAndRefreshes() throws Exception {
        TokenResult tokens = redeem(web, issue(web, "openid orders:read", null, CHALLENGE), REDIRECT, VERIFIER);

        TokenResult refreshed = issuer.grants.handle(InMemoryIssuer.request(web,
                new RefreshTokenGrant(new RefreshToken(tokens.refreshToken())), null));

        assertThat(issuer.verifier.verify(refreshed.accessToken().value()).sid()).isEqualTo(session.id());
        assertThat(issuer.refreshTokenStore.find(dev.gatehouse.core.crypto.Secrets.sha256(tokens.refreshToken())))
                .hasValueSatisfying(t -> assertThat(t.absoluteExpiresAt()).isBeforeOrEqualTo(session.expiresAt()));
    }

    @Test
    void withoutOpenidThereIsNoIdTokenAndWithoutTheRefreshGrantNoRefreshToken() {
        OAuthClient api = TestClients.confidential("api").grant(GrantType.AUTHORIZATION_CODE).scope("orders:read")
                .redirectUri(REDIRECT.toString()).build();

        TokenResult tokens = redeem(api, issue(api, "orders:read", "nonce", CHALLENGE), REDIRECT, VERIFIER);

        assertThat(tokens.idToken()).isNull();
        assertThat(tokens.refreshToken()).isNull();
    }

    @Test
    void withoutANonceTheIdTokenHasNone() throws Exception {
        TokenResult tokens = redeem(web, issue(web, "openid", null, CHALLENGE), REDIRECT, VERIFIER);

        assertThat(SignedJWT.parse(tokens.idToken().value()).getJWTClaimsSet().getClaims()).doesNotContainKey("nonce");
    }

    @Test
    void aSecondRedemptionFailsAndRevokesTheAccessTokenAndRefreshFamilyOfTheFirstButNotTheSession() {
        String code = issue(web, "openid orders:read", null, CHALLENGE);
        TokenResult first = redeem(web, code, REDIRECT, VERIFIER);

        assertError(() -> redeem(web, code, REDIRECT, VERIFIER), "invalid_grant");

        assertThat(issuer.revocationLog.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(RevocationKind.JTI);
            assertThat(e.value()).isEqualTo(first.accessToken().jti());
        });
        assertThatThrownBy(() -> issuer.verifier.verify(first.accessToken().value())).isInstanceOf(InvalidTokenException.class);
        assertThat(issuer.refreshTokens.findUsable(first.refreshToken())).isEmpty();
        assertThat(issuer.sessions.find(session.id())).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNull());
    }

    @Test
    void aCodeOfAnotherClientIsRefusedAndStaysRedeemableByItsOwn() {
        OAuthClient other = TestClients.confidential("other").grant(GrantType.AUTHORIZATION_CODE).scope("openid")
                .redirectUri(REDIRECT.toString()).build();
        String code = issue(web, "openid", null, CHALLENGE);

        assertError(() -> redeem(other, code, REDIRECT, VERIFIER), "invalid_grant");

        assertThat(redeem(web, code, REDIRECT, VERIFIER).accessToken()).isNotNull();
        assertThat(issuer.revocationLog.events()).isEmpty();
    }

    @Test
    void aRedirectUriNotIdenticalToTheAuthorizationRequestsIsRefused() {
        String code = issue(web, "openid", null, CHALLENGE);

        for (String uri : new String[] {"https://web.example/cb/", "https://WEB.example/cb", "https://web.example:443/cb",
                "https://web.example/CB", "https://web.example/cb?x=1"}) {
            assertError(() -> redeem(web, code, URI.create(uri), VERIFIER), "invalid_grant");
        }
        assertError(() -> redeem(web, code, null, VERIFIER), "invalid_grant");
        assertThat(redeem(web, code, REDIRECT, VERIFIER).accessToken()).isNotNull();
    }

    @Test
    void aMissingOrWrongVerifierIsRefusedAndLeavesTheCodeUnspent() {
        String code = issue(web, "openid", null, CHALLENGE);

        assertError(() -> redeem(web, code, REDIRECT, null), "invalid_grant");
        assertError(() -> redeem(web, code, REDIRECT, new CodeVerifier()), "invalid_grant");

        assertThat(redeem(web, code, REDIRECT, VERIFIER).accessToken()).isNotNull();
    }

    @Test
    void aPlainChallengeNeverMatches() {
        String code = issue(web, "openid", null, VERIFIER.getValue());

        assertError(() -> redeem(web, code, REDIRECT, VERIFIER), "invalid_grant");
    }

    @Test
    void aVerifierForACodeIssuedWithoutAChallengeIsRefused() {
        OAuthClient optional = TestClients.confidential("optional").grant(GrantType.AUTHORIZATION_CODE).scope("openid")
                .redirectUri(REDIRECT.toString()).pkceOptional().build();
        String code = issue(optional, "openid", null, null);

        assertError(() -> redeem(optional, code, REDIRECT, VERIFIER), "invalid_grant");

        assertThat(redeem(optional, code, REDIRECT, null).accessToken()).isNotNull();
    }

    @Test
    void aCodeWithoutAChallengeIsRefusedToAClientThatRequiresPkce() {
        String code = issue(web, "openid", null, null);

        assertError(() -> redeem(web, code, REDIRECT, null), "invalid_grant");
    }

    @Test
    void anExpiredCodeIsRefused() {
        String code = issue(web, "openid", null, CHALLENGE);
        issuer.clock.advance(AuthorizationCodes.LIFETIME);

        assertError(() -> redeem(web, code, REDIRECT, VERIFIER), "invalid_grant");
        assertThat(issuer.revocationLog.events()).isEmpty();
    }

    @Test
    void anUnknownCodeIsRefused() {
        assertError(() -> redeem(web, "not-a-code", REDIRECT, VERIFIER), "invalid_grant");
        assertError(() -> redeem(web, "x".repeat(10_000), REDIRECT, VERIFIER), "invalid_grant");
    }

    @Test
    void aDisabledUserGetsNothing() {
        String code = issue(web, "openid", null, CHALLENGE);
        issuer.users.update(alice.withDisabled(true, issuer.clock.instant()));

        assertError(() -> redeem(web, code, REDIRECT, VERIFIER), "invalid_grant");
    }

    @Test
    void aSessionEndedSinceSignInGetsNothing() {
        String code = issue(web, "openid", null, CHALLENGE);
        issuer.sessions.revoke(session.id(), issuer.clock.instant());

        assertError(() -> redeem(web, code, REDIRECT, VERIFIER), "invalid_grant");
    }

    @Test
    void aClientWithoutTheAuthorizationCodeGrantIsUnauthorized() {
        OAuthClient noCode = TestClients.confidential("web").grant(GrantType.REFRESH_TOKEN).scope("openid")
                .redirectUri(REDIRECT.toString()).build();
        String code = issue(web, "openid", null, CHALLENGE);

        assertError(() -> redeem(noCode, code, REDIRECT, VERIFIER), "unauthorized_client");
    }

    private Session session(User user) {
        var now = issuer.clock.instant();
        Session s = new Session("sid-" + user.username(), user.id(), "gatehouse", now.minusSeconds(30), now, now,
                now.plus(Duration.ofHours(8)), InMemoryIssuer.ADDRESS, "browser", null);
        issuer.sessions.create(s);
        return s;
    }

    private String issue(OAuthClient client, String scope, String nonce, String challenge) {
        return issuer.authorizationCodes.issue(client.clientId(), REDIRECT, alice.id(), session.id(),
                Set.of(scope.split(" ")), Set.of(), nonce, challenge, session.authTime());
    }

    private TokenResult redeem(OAuthClient client, String code, URI redirect, CodeVerifier verifier) {
        return issuer.grants.handle(InMemoryIssuer.request(client,
                new AuthorizationCodeGrant(new com.nimbusds.oauth2.sdk.AuthorizationCode(code), redirect, verifier), null));
    }
}

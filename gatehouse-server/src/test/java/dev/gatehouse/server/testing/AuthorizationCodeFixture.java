package dev.gatehouse.server.testing;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Authorization codes minted straight into a {@link TestIssuer}, as its authorization endpoint would after a
 * sign-in: {@code AuthorizationCodeFixture.forUser(issuer, alice).client("web", redirect).scope("openid").nonce("n").issue()}.
 * Without {@link #session(String)} a new login session is started for the user, as a first browser sign-in
 * would; with it, the code belongs to that session (single sign-on into another client).
 */
public final class AuthorizationCodeFixture {
    /** How long a login session started here lasts. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);

    private final TestIssuer issuer;
    private final User user;
    private String clientId;
    private URI redirectUri;
    private String sessionId;
    private final Set<String> scopes = new LinkedHashSet<>();
    private final Set<String> audiences = new LinkedHashSet<>();
    private String nonce;
    private CodeVerifier verifier = new CodeVerifier();
    private String challenge;
    private boolean pkce = true;

    /** A code issued, with what the client must present to redeem it. */
    public record IssuedCode(String code, String sessionId, URI redirectUri, CodeVerifier verifier) {
        /** The code_verifier parameter, null when the code was issued without PKCE. */
        public String codeVerifier() {
            return verifier == null ? null : verifier.getValue();
        }
    }

    private AuthorizationCodeFixture(TestIssuer issuer, User user) {
        this.issuer = issuer;
        this.user = user;
    }

    public static AuthorizationCodeFixture forUser(TestIssuer issuer, User user) {
        return new AuthorizationCodeFixture(issuer, user);
    }

    /** Starts a login session for the user, as a browser sign-in does; returns its id ({@code sid}). */
    public static String startSession(TestIssuer issuer, User user, String clientId) {
        Instant now = issuer.clock().instant();
        Session session = new Session(Secrets.randomBase64Url(16), user.id(), clientId, now, now, now,
                now.plus(SESSION_LIFETIME), "127.0.0.1", "test-browser", null);
        issuer.services().stores().sessions().create(session);
        return session.id();
    }

    /** The client the code is for and the redirect_uri of its authorization request. */
    public AuthorizationCodeFixture client(String clientId, URI redirectUri) {
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        return this;
    }

    /** Issues the code in an existing login session instead of a new one. */
    public AuthorizationCodeFixture session(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public AuthorizationCodeFixture scope(String... values) {
        scopes.addAll(List.of(values));
        return this;
    }

    public AuthorizationCodeFixture audience(String... values) {
        audiences.addAll(List.of(values));
        return this;
    }

    public AuthorizationCodeFixture nonce(String value) {
        nonce = value;
        return this;
    }

    /** The PKCE verifier whose S256 challenge the code carries; a new random one by default. */
    public AuthorizationCodeFixture verifier(CodeVerifier value) {
        verifier = value;
        return this;
    }

    /** Stores this challenge as it is, whatever the verifier (a {@code plain} challenge, say). */
    public AuthorizationCodeFixture challenge(String value) {
        challenge = value;
        return this;
    }

    /** No code_challenge, as for a confidential client that need not use PKCE. */
    public AuthorizationCodeFixture withoutPkce() {
        pkce = false;
        return this;
    }

    public IssuedCode issue() {
        if (clientId == null) {
            throw new IllegalStateException("client(...) is required");
        }
        String sid = sessionId != null ? sessionId : startSession(issuer, user, clientId);
        Session session = issuer.services().stores().sessions().find(sid).orElseThrow();
        String stored = !pkce ? null
                : challenge != null ? challenge : CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        String code = issuer.services().authorizationCodes().issue(clientId, redirectUri, user.id(), sid, scopes,
                audiences, nonce, stored, session.authTime());
        return new IssuedCode(code, sid, redirectUri, pkce ? verifier : null);
    }
}

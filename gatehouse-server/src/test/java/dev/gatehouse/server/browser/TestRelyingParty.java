package dev.gatehouse.server.browser;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relying party as an application team would write it with the Nimbus OAuth SDK and nothing of Gatehouse:
 * it reads the issuer's discovery document, sends the browser to the authorization endpoint with state, nonce
 * and PKCE (S256), takes the code at {@code /callback}, redeems it at the token endpoint and validates the ID
 * token (issuer, audience, signature, expiry, nonce, {@code at_hash}; {@code sid} and {@code auth_time}
 * present), and takes back-channel logout tokens at {@code /backchannel-logout}.
 *
 * <p>Its pages, for the browser: {@code /login} (query parameters {@code prompt}, {@code max_age},
 * {@code ui_locales}, {@code login_hint}, {@code scope}, {@code response_mode} and {@code par=true} pass on to
 * the authorization request), {@code /callback}, {@code /logout} (RP-initiated logout of the last sign-in) and
 * {@code /logged-out}. Everything it receives is recorded for the test to look at; what it had to refuse is
 * recorded in {@link #problems()} and answered 400.
 */
public final class TestRelyingParty implements AutoCloseable {
    /** The issuer's clock may run ahead of this one by this much (tests move the issuer's clock forward). */
    private static final int CLOCK_SKEW_SECONDS = 600;

    private final URI issuer;
    private final String clientId;
    private final int port;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<SignIn> signIns = new CopyOnWriteArrayList<>();
    private final List<AuthorizationError> errors = new CopyOnWriteArrayList<>();
    private final List<LogoutTokenClaimsSet> logoutTokens = new CopyOnWriteArrayList<>();
    private final List<String> loggedOutStates = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile String logoutState;
    private volatile Secret secret;
    private volatile OIDCProviderMetadata metadata;
    private Javalin app;

    /** What the relying party sent: kept until the matching callback arrives. */
    public record Pending(State state, Nonce nonce, CodeVerifier verifier, URI authorizationRequest) {}

    /** A completed sign-in: the validated ID token claims and the tokens the code was exchanged for. */
    public record SignIn(IDTokenClaimsSet idToken, JWT rawIdToken, AccessToken accessToken, RefreshToken refreshToken,
                         String callbackMethod, Pending request) {
        public String subject() {
            return idToken.getSubject().getValue();
        }

        public String sid() {
            return idToken.getStringClaim("sid");
        }
    }

    /** An error response at the callback (login_required, access_denied...), with the state it carried. */
    public record AuthorizationError(String error, String description, String state, String issuer) {}

    private TestRelyingParty(URI issuer, String clientId, int port) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.port = port;
    }

    /**
     * Starts a relying party for {@code clientId} at {@code issuer} on a free port of 127.0.0.1. Register the
     * client with {@link #registration(String)} and give its secret to {@link #useSecret(String)}.
     */
    public static TestRelyingParty start(URI issuer, String clientId) {
        TestRelyingParty rp = new TestRelyingParty(issuer, clientId, freePort());
        rp.app = Javalin.create(config -> {
            config.routes.get("/login", rp::login);
            config.routes.get("/callback", ctx -> rp.callback(ctx, ctx.queryParamMap()));
            config.routes.post("/callback", ctx -> rp.callback(ctx, ctx.formParamMap()));
            config.routes.get("/logout", rp::logout);
            config.routes.get("/logged-out", rp::loggedOut);
            config.routes.post("/backchannel-logout", rp::backchannelLogout);
        }).start("127.0.0.1", rp.port);
        return rp;
    }

    /** The admin API registration of this relying party (a confidential client of the code flow). */
    public Map<String, Object> registration(String consent) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("client_id", clientId);
        r.put("name", "Relying party " + clientId);
        r.put("auth_methods", List.of("client_secret_basic"));
        r.put("grant_types", List.of("authorization_code", "refresh_token"));
        r.put("scopes", List.of("openid", "profile", "email"));
        r.put("redirect_uris", List.of(redirectUri().toString()));
        r.put("post_logout_redirect_uris", List.of(postLogoutRedirectUri().toString()));
        r.put("backchannel_logout_uri", backchannelLogoutUri().toString());
        r.put("consent", consent);
        return r;
    }

    public TestRelyingParty useSecret(String clientSecret) {
        this.secret = new Secret(clientSecret);
        return this;
    }

    public String clientId() {
        return clientId;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    public URI redirectUri() {
        return uri("/callback");
    }

    public URI postLogoutRedirectUri() {
        return uri("/logged-out");
    }

    public URI backchannelLogoutUri() {
        return uri("/backchannel-logout");
    }

    /** The page that starts a sign-in; {@code query} (without '?') passes parameters to the request. */
    public URI login(String query) {
        return uri(query.isEmpty() ? "/login" : "/login?" + query);
    }

    public URI login() {
        return login("");
    }

    public List<SignIn> signIns() {
        return List.copyOf(signIns);
    }

    public Optional<SignIn> lastSignIn() {
        return signIns.isEmpty() ? Optional.empty() : Optional.of(signIns.get(signIns.size() - 1));
    }

    public List<AuthorizationError> errors() {
        return List.copyOf(errors);
    }

    public List<LogoutTokenClaimsSet> logoutTokens() {
        return List.copyOf(logoutTokens);
    }

    /** The {@code state} this relying party sent with its last logout request. */
    public String logoutState() {
        return logoutState;
    }

    /** The {@code state} values that came back to {@code /logged-out}. */
    public List<String> loggedOutStates() {
        return List.copyOf(loggedOutStates);
    }

    /** What this relying party refused: a wrong state, an invalid ID token, a failed code exchange... */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The issuer's discovery document, read once (and validated by Nimbus against the issuer URL). */
    public OIDCProviderMetadata metadata() {
        OIDCProviderMetadata m = metadata;
        if (m == null) {
            try {
                m = OIDCProviderMetadata.resolve(new Issuer(issuer));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the discovery document of " + issuer, e);
            }
            metadata = m;
        }
        return m;
    }

    private void login(Context ctx) throws Exception {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        String scope = Optional.ofNullable(ctx.queryParam("scope")).orElse("openid profile email");
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                Scope.parse(scope), new ClientID(clientId), redirectUri())
                .endpointURI(metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (ctx.queryParam("prompt") != null) {
            request.prompt(Prompt.parse(ctx.queryParam("prompt")));
        }
        if (ctx.queryParam("max_age") != null) {
            request.maxAge(Integer.parseInt(ctx.queryParam("max_age")));
        }
        if (ctx.queryParam("ui_locales") != null) {
            request.uiLocales(List.of(LangTag.parse(ctx.queryParam("ui_locales"))));
        }
        if (ctx.queryParam("login_hint") != null) {
            request.loginHint(ctx.queryParam("login_hint"));
        }
        if (ctx.queryParam("response_mode") != null) {
            request.responseMode(new ResponseMode(ctx.queryParam("response_mode")));
        }
        AuthenticationRequest full = request.build();
        URI target = "true".equals(ctx.queryParam("par")) ? pushed(full) : full.toURI();
        pending.put(state.getValue(), new Pending(state, nonce, verifier, target));
        ctx.redirect(target.toString());
    }

    /** RFC 9126: the request goes to the PAR endpoint; the browser carries only its request_uri. */
    private URI pushed(AuthenticationRequest request) throws Exception {
        PushedAuthorizationResponse response = PushedAuthorizationResponse.parse(new PushedAuthorizationRequest(
                metadata().getPushedAuthorizationRequestEndpointURI(), new ClientSecretBasic(new ClientID(clientId), secret),
                request).toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new IllegalStateException("PAR refused: " + response.toErrorResponse().getErrorObject().toJSONObject());
        }
        return new AuthorizationRequest.Builder(response.toSuccessResponse().getRequestURI(), new ClientID(clientId))
                .endpointURI(metadata().getAuthorizationEndpointURI())
                .build().toURI();
    }

    private void callback(Context ctx, Map<String, List<String>> params) throws Exception {
        AuthenticationResponse response = AuthenticationResponseParser.parse(redirectUri(), params);
        String state = response.getState() == null ? null : response.getState().getValue();
        Pending request = state == null ? null : pending.remove(state);
        if (request == null) {
            refuse(ctx, "callback with an unknown or spent state: " + state);
            return;
        }
        // RFC 9207: the iss parameter names the issuer that answered
        if (response.getIssuer() == null || !issuer.toString().equals(response.getIssuer().getValue())) {
            refuse(ctx, "callback without the issuer's iss parameter: " + response.getIssuer());
            return;
        }
        if (!response.indicatesSuccess()) {
            AuthorizationErrorResponse error = response.toErrorResponse();
            errors.add(new AuthorizationError(error.getErrorObject().getCode(), error.getErrorObject().getDescription(),
                    state, response.getIssuer().getValue()));
            ctx.html(page("Sign-in refused", "<p id=\"error\">" + escape(error.getErrorObject().getCode()) + "</p>"));
            return;
        }
        TokenResponse tokens = OIDCTokenResponseParser.parse(new TokenRequest(metadata().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), secret),
                new AuthorizationCodeGrant(response.toSuccessResponse().getAuthorizationCode(), redirectUri(),
                        request.verifier())).toHTTPRequest().send());
        if (!tokens.indicatesSuccess()) {
            refuse(ctx, "code exchange refused: " + tokens.toErrorResponse().getErrorObject().toJSONObject());
            return;
        }
        OIDCTokenResponse success = (OIDCTokenResponse) tokens.toSuccessResponse();
        JWT idToken = success.getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims;
        try {
            claims = validate(idToken, request.nonce(), success.getOIDCTokens().getAccessToken());
        } catch (Exception e) {
            refuse(ctx, "ID token refused: " + e);
            return;
        }
        signIns.add(new SignIn(claims, idToken, success.getOIDCTokens().getAccessToken(),
                success.getOIDCTokens().getRefreshToken(), ctx.method().name(), request));
        ctx.html(page("Signed in", "<p id=\"subject\">" + escape(claims.getSubject().getValue()) + "</p>"));
    }

    private IDTokenClaimsSet validate(JWT idToken, Nonce nonce, AccessToken accessToken) throws Exception {
        JWSAlgorithm alg = JWSAlgorithm.parse(idToken.getHeader().getAlgorithm().getName());
        if (!metadata().getIDTokenJWSAlgs().contains(alg)) {
            throw new IllegalStateException("ID token algorithm not announced: " + alg);
        }
        IDTokenValidator validator = new IDTokenValidator(new Issuer(issuer), new ClientID(clientId), alg, jwks());
        validator.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        IDTokenClaimsSet claims = validator.validate(idToken, nonce);
        if (claims.getAccessTokenHash() == null) {
            throw new IllegalStateException("ID token without at_hash");
        }
        AccessTokenValidator.validate(accessToken, alg, claims.getAccessTokenHash());
        if (claims.getAuthenticationTime() == null) {
            throw new IllegalStateException("ID token without auth_time");
        }
        if (claims.getStringClaim("sid") == null) {
            throw new IllegalStateException("ID token without sid");
        }
        return claims;
    }

    private JWKSet jwks() throws Exception {
        return JWKSet.load(metadata().getJWKSetURI().toURL());
    }

    /** OpenID Connect RP-Initiated Logout 1.0 for the last sign-in, with a fresh state. */
    private void logout(Context ctx) {
        SignIn last = lastSignIn().orElse(null);
        State state = new State();
        logoutState = state.getValue();
        URI endSession = metadata().getEndSessionEndpointURI();
        LogoutRequest request = new LogoutRequest(endSession, last == null ? null : last.rawIdToken(), null,
                new ClientID(clientId), postLogoutRedirectUri(), state, null);
        ctx.redirect(request.toURI().toString());
    }

    private void loggedOut(Context ctx) {
        loggedOutStates.add(Optional.ofNullable(ctx.queryParam("state")).orElse(""));
        ctx.html(page("Signed out", "<p id=\"signed-out\">signed out</p>"));
    }

    /** OpenID Connect Back-Channel Logout 1.0 section 2.6: validate the logout token, answer 200 or 400. */
    private void backchannelLogout(Context ctx) {
        String token = ctx.formParam("logout_token");
        try {
            JWT jwt = JWTParser.parse(token);
            // Back-Channel Logout 1.0 section 2.4: explicitly typed, so it cannot pass for another kind of JWT
            if (jwt.getHeader().getType() == null || !"logout+jwt".equals(jwt.getHeader().getType().getType())) {
                throw new IllegalStateException("typ is " + jwt.getHeader().getType() + ", not logout+jwt");
            }
            JWSAlgorithm alg = JWSAlgorithm.parse(jwt.getHeader().getAlgorithm().getName());
            LogoutTokenValidator validator = new LogoutTokenValidator(new Issuer(issuer), new ClientID(clientId), alg, jwks());
            validator.setMaxClockSkew(CLOCK_SKEW_SECONDS);
            logoutTokens.add(validator.validate(jwt));
            ctx.header("Cache-Control", "no-store");
            ctx.status(200);
        } catch (Exception e) {
            problems.add("logout token refused: " + e);
            ctx.status(400).json(Map.of("error", "invalid_request"));
        }
    }

    private void refuse(Context ctx, String problem) {
        problems.add(problem);
        ctx.status(400).html(page("Refused", "<p id=\"problem\">" + escape(problem) + "</p>"));
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><title>" + title + "</title></head><body><h1>" + title
                + "</h1>" + body + "</body></html>";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

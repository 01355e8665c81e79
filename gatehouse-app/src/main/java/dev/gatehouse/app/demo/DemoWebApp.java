package dev.gatehouse.app.demo;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
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
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.gatehouse.core.crypto.Secrets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's web application: a confidential client of the authorization code flow, written with the Nimbus
 * OAuth SDK as any relying party would be. People sign in on the issuer's hosted pages (PKCE S256, state and
 * nonce, the ID token validated), see who is signed in, call the orders service through the gateway with the
 * access token, and log out everywhere (OpenID Connect RP-Initiated Logout). Sessions live in memory, keyed by
 * a random cookie; every form carries a per-session token against cross-site requests.
 */
public final class DemoWebApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoWebApp.class);
    private static final String COOKIE = "demo_webapp_session";
    private static final Scope SCOPE = new Scope("openid", "profile", "orders.read");
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA);

    private final URI issuer;
    private final Supplier<URI> gateway;
    private final ClientID clientId;
    private final Secret secret;
    private final URI self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile OIDCProviderMetadata metadata;
    private volatile IDTokenValidator validator;
    private Javalin app;

    /** One browser's state: a sign-in in progress, then who signed in and their tokens. */
    private static final class Session {
        final String csrf = Secrets.randomBase64Url(32);
        State state;
        Nonce nonce;
        CodeVerifier verifier;
        IDTokenClaimsSet user;
        JWT idToken;
        AccessToken accessToken;
        String lastCall;
        String problem;
    }

    private DemoWebApp(URI issuer, Supplier<URI> gateway, String clientId, String secret, URI self) {
        this.issuer = issuer;
        this.gateway = gateway;
        this.clientId = new ClientID(clientId);
        this.secret = new Secret(secret);
        this.self = self;
    }

    /**
     * Starts on {@code host:port} (0 picks a free port); the client's redirect URI is {@code url() + "/callback"}.
     * The issuer is first asked (for its discovery document) when someone signs in.
     */
    public static DemoWebApp start(String host, int port, URI issuer, Supplier<URI> gateway, String clientId, String secret) {
        DemoWebApp web = new DemoWebApp(issuer, gateway, clientId, secret, URI.create("http://" + host + ":" + port));
        web.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", web::home);
            config.routes.get("/login", web::login);
            config.routes.get("/callback", web::callback);
            config.routes.post("/call", web::call);
            config.routes.post("/logout", web::logout);
        }).start(host, port);
        return web;
    }

    public URI url() {
        return URI.create("http://" + self.getHost() + ":" + app.port());
    }

    /** The registered redirect URI. */
    public URI redirectUri() {
        return URI.create(url() + "/callback");
    }

    /** The registered post-logout redirect URI: the home page. */
    public URI postLogoutRedirectUri() {
        return URI.create(url() + "/");
    }

    private void home(Context ctx) {
        Session s = session(ctx);
        StringBuilder body = new StringBuilder();
        if (s.problem != null) {
            body.append("<p id=\"problem\" role=\"alert\">").append(escape(s.problem)).append("</p>");
            s.problem = null;
        }
        if (s.user == null) {
            body.append("<p id=\"who\">Not signed in.</p>")
                    .append("<p><a id=\"sign-in\" href=\"/login\">Sign in</a> through the Gatehouse hosted pages.</p>");
        } else {
            body.append("<p id=\"who\">Signed in as <strong>").append(escape(displayName(s.user)))
                    .append("</strong> (subject ").append(escape(s.user.getSubject().getValue())).append(").</p>")
                    .append(form("/call", s, "call", "Call the orders service through the gateway"));
            if (s.lastCall != null) {
                body.append("<pre id=\"answer\">").append(escape(s.lastCall)).append("</pre>");
            }
            body.append(form("/logout", s, "logout", "Log out everywhere"));
        }
        page(ctx, body.toString());
    }

    /** OpenID Connect Core 3.1.2.1: code flow with state, nonce and PKCE (RFC 7636, S256). */
    private void login(Context ctx) {
        Session s = session(ctx);
        s.state = new State();
        s.nonce = new Nonce();
        s.verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, clientId,
                redirectUri())
                .endpointURI(metadata().getAuthorizationEndpointURI())
                .state(s.state)
                .nonce(s.nonce)
                .codeChallenge(s.verifier, CodeChallengeMethod.S256)
                .build();
        ctx.redirect(request.toURI().toString());
    }

    private void callback(Context ctx) throws Exception {
        Session s = session(ctx);
        AuthenticationResponse response = AuthenticationResponseParser.parse(redirectUri(),
                ctx.queryParamMap());
        State expected = s.state;
        s.state = null;
        if (expected == null || !expected.equals(response.getState())) {
            fail(ctx, s, "The sign-in answer did not belong to this browser's sign-in (state mismatch).");
            return;
        }
        // RFC 9207: the answer names the issuer it came from
        if (response.getIssuer() == null || !issuer.toString().equals(response.getIssuer().getValue())) {
            fail(ctx, s, "The sign-in answer did not come from " + issuer + ".");
            return;
        }
        if (!response.indicatesSuccess()) {
            AuthenticationErrorResponse error = response.toErrorResponse();
            fail(ctx, s, "Sign-in ended: " + error.getErrorObject().getCode());
            return;
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        TokenResponse tokens = OIDCTokenResponseParser.parse(new TokenRequest(metadata().getTokenEndpointURI(),
                new ClientSecretBasic(clientId, secret),
                new AuthorizationCodeGrant(code, redirectUri(), s.verifier))
                .toHTTPRequest().send());
        if (!tokens.indicatesSuccess()) {
            fail(ctx, s, "The issuer refused the code: " + tokens.toErrorResponse().getErrorObject().getCode());
            return;
        }
        OIDCTokenResponse success = (OIDCTokenResponse) tokens.toSuccessResponse();
        try {
            s.user = validator().validate(success.getOIDCTokens().getIDToken(), s.nonce);
        } catch (Exception e) {
            LOG.warn("demo web app: ID token refused: {}", e.getMessage());
            fail(ctx, s, "The ID token was not valid.");
            return;
        }
        s.idToken = success.getOIDCTokens().getIDToken();
        s.accessToken = success.getOIDCTokens().getAccessToken();
        s.nonce = null;
        s.verifier = null;
        ctx.redirect("/");
    }

    /** Calls the orders service through the gateway with the session's access token. */
    private void call(Context ctx) throws Exception {
        Session s = session(ctx);
        if (!csrfOk(ctx, s) || s.accessToken == null) {
            ctx.redirect("/");
            return;
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway.get() + "/orders/42"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + s.accessToken.getValue()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        s.lastCall = "GET " + gateway.get() + "/orders/42 -> " + answer.statusCode() + "\n" + answer.body();
        ctx.redirect("/");
    }

    /** OpenID Connect RP-Initiated Logout 1.0: forget the session here, then end it at the issuer. */
    private void logout(Context ctx) {
        Session s = session(ctx);
        if (!csrfOk(ctx, s)) {
            ctx.redirect("/");
            return;
        }
        JWT idToken = s.idToken;
        sessions.remove(ctx.cookie(COOKIE));
        ctx.removeCookie(COOKIE, "/");
        if (idToken == null) {
            ctx.redirect("/");
            return;
        }
        LogoutRequest request = new LogoutRequest(metadata().getEndSessionEndpointURI(), idToken,
                postLogoutRedirectUri(), new State());
        ctx.redirect(request.toURI().toString());
    }

    private Session session(Context ctx) {
        String id = ctx.cookie(COOKIE);
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            id = Secrets.newToken();
            s = new Session();
            sessions.put(id, s);
            ctx.header("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        }
        return s;
    }

    private static boolean csrfOk(Context ctx, Session s) {
        String sent = ctx.formParam("csrf");
        return sent != null && Secrets.constantTimeEquals(sent, s.csrf);
    }

    private void fail(Context ctx, Session s, String problem) {
        s.problem = problem;
        ctx.redirect("/");
    }

    private OIDCProviderMetadata metadata() {
        OIDCProviderMetadata m = metadata;
        if (m == null) {
            try {
                m = OIDCProviderMetadata.resolve(new Issuer(issuer));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the issuer's discovery document: " + e.getMessage(), e);
            }
            metadata = m;
        }
        return m;
    }

    private IDTokenValidator validator() throws Exception {
        IDTokenValidator v = validator;
        if (v == null) {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(metadata().getJWKSetURI().toURL()).build();
            v = new IDTokenValidator(new Issuer(issuer), clientId, new JWSVerificationKeySelector<>(ALGORITHMS, keys), null);
            validator = v;
        }
        return v;
    }

    private static String displayName(IDTokenClaimsSet user) {
        Object name = user.getClaim("name");
        if (name == null) {
            name = user.getClaim("preferred_username");
        }
        return name == null ? user.getSubject().getValue() : name.toString();
    }

    private static String form(String action, Session s, String id, String label) {
        return "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"csrf\" value=\""
                + escape(s.csrf) + "\"><button type=\"submit\" id=\"" + id + "\">" + escape(label) + "</button></form>";
    }

    private void page(Context ctx, String body) {
        ctx.header("Cache-Control", "no-store");
        // the logout form's answer redirects to the issuer, which form-action must allow too
        ctx.header("Content-Security-Policy", "default-src 'none'; form-action 'self' " + origin(issuer)
                + "; frame-ancestors 'none'; base-uri 'none'");
        ctx.html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gatehouse demo web app</title>"
                + "</head><body><h1>Gatehouse demo web app</h1>" + body + "</body></html>");
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}

package dev.gatehouse.server.oauth;

import dev.gatehouse.core.claims.ClaimRelease;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import io.javalin.http.Context;
import net.minidev.json.JSONObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * OpenID Connect Discovery 1.0 and RFC 8414 metadata. Both documents name every endpoint the issuer
 * serves, the first-party login and the admin API included (as {@code gatehouse_*} extensions), and
 * claim nothing the issuer does not do. They never change while the issuer runs, so they are built once.
 */
final class DiscoveryEndpoint {
    static final String LOGIN_ENDPOINT = "gatehouse_login_endpoint";
    static final String LOGOUT_ENDPOINT = "gatehouse_logout_endpoint";
    static final String ADMIN_API = "gatehouse_admin_api";

    /** What Nimbus can verify a private_key_jwt assertion with (RSA and EC keys). */
    static final List<JWSAlgorithm> CLIENT_ASSERTION_ALGORITHMS = List.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** The claims of the tokens themselves (RFC 9068 access tokens, OpenID Connect ID tokens). */
    static final List<String> TOKEN_CLAIMS = List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "jti", "sid",
            "azp", "client_id", "scope", "nonce", "at_hash", "roles");

    static final List<String> CLAIMS = java.util.stream.Stream.concat(TOKEN_CLAIMS.stream(),
            ClaimRelease.CLAIMS_SUPPORTED.stream())
            .distinct().toList();

    /** OpenID Connect Core 5.4 scopes, and the issuer's own. */
    static final List<String> STANDARD_SCOPES = List.of("openid", "profile", "email", "address", "phone");

    /**
     * Members that mean false when absent and that Nimbus leaves out when false; written out all the same, so that
     * a reader sees what is not offered without knowing the defaults.
     */
    static final List<String> OAUTH_FALSE_BY_DEFAULT = List.of("request_parameter_supported",
            "require_pushed_authorization_requests");
    static final List<String> OIDC_FALSE_BY_DEFAULT = List.of("request_parameter_supported",
            "require_pushed_authorization_requests", "claims_parameter_supported", "frontchannel_logout_supported");


    private final String openIdConfiguration;
    private final String authorizationServer;

    DiscoveryEndpoint(IssuerServices services) {
        URI issuer = services.issuer();
        OIDCProviderMetadata oidc = new OIDCProviderMetadata(new Issuer(issuer), List.of(SubjectType.PUBLIC),
                URI.create(issuer + Endpoints.JWKS));
        describe(oidc, services);
        oidc.setUserInfoEndpointURI(URI.create(issuer + Endpoints.USERINFO));
        oidc.setEndSessionEndpointURI(URI.create(issuer + Endpoints.END_SESSION));
        oidc.setIDTokenJWSAlgs(signingAlgorithms(services.config().tokens()));
        oidc.setClaims(CLAIMS);
        // OpenID Connect Core 5.5: the claims request parameter is not offered
        oidc.setSupportsClaimsParams(false);
        oidc.setPromptTypes(List.of(Prompt.Type.NONE, Prompt.Type.LOGIN, Prompt.Type.CONSENT));
        // Back-Channel Logout 1.0 2.1: a logout token always carries sid; Front-Channel Logout is not offered
        oidc.setSupportsBackChannelLogout(true);
        oidc.setSupportsBackChannelLogoutSession(true);
        oidc.setSupportsFrontChannelLogout(false);
        this.openIdConfiguration = explicit(oidc.toJSONObject(), OIDC_FALSE_BY_DEFAULT);

        AuthorizationServerMetadata oauth = new AuthorizationServerMetadata(new Issuer(issuer));
        oauth.setJWKSetURI(URI.create(issuer + Endpoints.JWKS));
        describe(oauth, services);
        oauth.setCustomParameter("userinfo_endpoint", issuer + Endpoints.USERINFO);
        this.authorizationServer = explicit(oauth.toJSONObject(), OAUTH_FALSE_BY_DEFAULT);
    }

    void openIdConfiguration(Context ctx) {
        write(ctx, openIdConfiguration);
    }

    void authorizationServer(Context ctx) {
        write(ctx, authorizationServer);
    }

    private static void describe(AuthorizationServerMetadata m, IssuerServices services) {
        URI issuer = services.issuer();
        m.setTokenEndpointURI(URI.create(issuer + Endpoints.TOKEN));
        m.setRevocationEndpointURI(URI.create(issuer + Endpoints.REVOCATION));
        m.setIntrospectionEndpointURI(URI.create(issuer + Endpoints.INTROSPECTION));
        m.setAuthorizationEndpointURI(URI.create(issuer + Endpoints.AUTHORIZE));
        m.setPushedAuthorizationRequestEndpointURI(URI.create(issuer + Endpoints.PAR));
        // RFC 9126 5: issuer-wide PAR is optional; a client's registration may require it for that client
        m.requiresPushedAuthorizationRequests(false);
        m.setGrantTypes(new ArrayList<>(services.grants().supported()));
        // the authorization code flow only: implicit and hybrid are not offered (OAuth 2.1)
        m.setResponseTypes(List.of(ResponseType.CODE));
        m.setResponseModes(List.of(ResponseMode.QUERY, ResponseMode.FORM_POST));
        m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        // RFC 9207: every authorization response carries iss
        m.setSupportsAuthorizationResponseIssuerParam(true);
        m.setUILocales(services.pages().languages().stream().map(l -> langTag(l.toLanguageTag())).toList());
        List<ClientAuthenticationMethod> withPublic = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.NONE);
        m.setTokenEndpointAuthMethods(withPublic);
        m.setTokenEndpointJWSAlgs(CLIENT_ASSERTION_ALGORITHMS);
        m.setRevocationEndpointAuthMethods(withPublic);
        m.setRevocationEndpointJWSAlgs(CLIENT_ASSERTION_ALGORITHMS);
        m.setIntrospectionEndpointAuthMethods(withPublic.subList(0, 3));
        m.setIntrospectionEndpointJWSAlgs(CLIENT_ASSERTION_ALGORITHMS);
        m.setScopes(scopes());
        // request objects are refused (request_not_supported); a PAR request_uri is not a request_uri_parameter
        m.setSupportsRequestParam(false);
        m.setSupportsRequestURIParam(false);
        m.setCustomParameter(LOGIN_ENDPOINT, issuer + Endpoints.LOGIN);
        m.setCustomParameter(LOGOUT_ENDPOINT, issuer + Endpoints.LOGOUT);
        m.setCustomParameter(ADMIN_API, issuer + Endpoints.ADMIN);
    }

    private static String explicit(JSONObject document, List<String> falseByDefault) {
        for (String member : falseByDefault) {
            if (!document.containsKey(member)) {
                document.put(member, false);
            }
        }
        return document.toJSONString();
    }

    /** The standard scopes, then the issuer's own (the first-party client's) in alphabetical order. */
    static Scope scopes() {
        Scope scopes = new Scope(STANDARD_SCOPES.toArray(String[]::new));
        FirstPartyClient.SCOPES.stream().sorted().filter(s -> !STANDARD_SCOPES.contains(s)).forEach(scopes::add);
        return scopes;
    }

    private static LangTag langTag(String tag) {
        try {
            return LangTag.parse(tag);
        } catch (LangTagException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every algorithm a token may be signed with (clients may choose their own), the default first. */
    private static List<JWSAlgorithm> signingAlgorithms(TokenConfig tokens) {
        List<JWSAlgorithm> algorithms = new ArrayList<>();
        algorithms.add(tokens.signingAlgorithm());
        TokenConfig.SUPPORTED_ALGORITHMS.stream()
                .filter(a -> !a.equals(tokens.signingAlgorithm()))
                .sorted(Comparator.comparing(JWSAlgorithm::getName))
                .forEach(algorithms::add);
        return algorithms;
    }

    private static void write(Context ctx, String json) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("application/json");
        ctx.result(json);
    }
}

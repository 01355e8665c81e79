package dev.gatehouse.server.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import io.javalin.http.Context;
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

    static final List<String> CLAIMS = List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "jti", "sid", "azp",
            "client_id", "scope", "preferred_username", "roles");

    private final String openIdConfiguration;
    private final String authorizationServer;

    DiscoveryEndpoint(IssuerServices services) {
        URI issuer = services.issuer();
        OIDCProviderMetadata oidc = new OIDCProviderMetadata(new Issuer(issuer), List.of(SubjectType.PUBLIC),
                URI.create(issuer + Endpoints.JWKS));
        describe(oidc, services);
        oidc.setUserInfoEndpointURI(URI.create(issuer + Endpoints.USERINFO));
        oidc.setIDTokenJWSAlgs(signingAlgorithms(services.config().tokens()));
        oidc.setClaims(CLAIMS);
        this.openIdConfiguration = oidc.toJSONObject().toJSONString();

        AuthorizationServerMetadata oauth = new AuthorizationServerMetadata(new Issuer(issuer));
        oauth.setJWKSetURI(URI.create(issuer + Endpoints.JWKS));
        describe(oauth, services);
        oauth.setCustomParameter("userinfo_endpoint", issuer + Endpoints.USERINFO);
        this.authorizationServer = oauth.toJSONObject().toJSONString();
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
        m.setGrantTypes(new ArrayList<>(services.grants().supported()));
        // There is no authorization endpoint yet, so no response type is supported. The member is required
        // (OpenID Discovery 3, RFC 8414 2); an empty list says so honestly, and Nimbus parses it.
        m.setResponseTypes(List.of());
        List<ClientAuthenticationMethod> withPublic = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.NONE);
        m.setTokenEndpointAuthMethods(withPublic);
        m.setTokenEndpointJWSAlgs(CLIENT_ASSERTION_ALGORITHMS);
        m.setRevocationEndpointAuthMethods(withPublic);
        m.setRevocationEndpointJWSAlgs(CLIENT_ASSERTION_ALGORITHMS);
        m.setIntrospectionEndpointAuthMethods(withPublic.subList(0, 3));
        m.setIntrospectionEndpointJWSAlgs(CLIENT_ASSERTION_ALGORITHMS);
        m.setScopes(new Scope(FirstPartyClient.SCOPES.stream().sorted().toArray(String[]::new)));
        m.setSupportsRequestParam(false);
        m.setSupportsRequestURIParam(false);
        m.setCustomParameter(LOGIN_ENDPOINT, issuer + Endpoints.LOGIN);
        m.setCustomParameter(LOGOUT_ENDPOINT, issuer + Endpoints.LOGOUT);
        m.setCustomParameter(ADMIN_API, issuer + Endpoints.ADMIN);
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

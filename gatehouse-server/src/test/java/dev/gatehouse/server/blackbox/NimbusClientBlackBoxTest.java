package dev.gatehouse.server.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issuer as a Java developer meets it: only its published metadata and the standard protocol, spoken
 * through the Nimbus OAuth 2.0 SDK and verified with Nimbus JOSE+JWT. Nothing here knows Gatehouse's
 * paths or types; the fixture only registers clients and a user, as an administrator would.
 */
class NimbusClientBlackBoxTest {
    private static final String API = "https://api.test";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    private TestIssuer issuer;
    private ClientAuthentication service;
    private ClientAuthentication legacyApp;
    private ClientAuthentication introspector;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir);
        service = basic("orders", issuer.register(TestClients.confidential("orders").scope("orders:read").build()));
        legacyApp = basic("legacy", issuer.register(TestClients.confidential("legacy")
                .grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN).scope("openid", "orders:read").build()));
        introspector = basic("gateway", issuer.register(TestClients.confidential("gateway").introspection().build()));
        issuer.createUser("alice", PASSWORD, Set.of("staff"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void standardClientDiscoversTheIssuerAndRunsEveryTokenFlow() throws Exception {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer.baseUri()));
        assertThat(metadata.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
        JWKSource<SecurityContext> jwks = JWKSourceBuilder.<SecurityContext>create(metadata.getJWKSetURI().toURL())
                .retrying(false).build();

        Tokens machine = token(metadata, service, new ClientCredentialsGrant(), new Scope("orders:read"));
        JWTClaimsSet machineClaims = verifyAccessToken(jwks, metadata, machine.getAccessToken().getValue());
        assertThat(machineClaims.getSubject()).isEqualTo("orders");
        assertThat(machineClaims.getStringClaim("client_id")).isEqualTo("orders");
        assertThat(machineClaims.getStringClaim("scope")).isEqualTo("orders:read");
        assertThat(machine.getRefreshToken()).isNull();

        Tokens first = token(metadata, legacyApp,
                new ResourceOwnerPasswordCredentialsGrant("alice", new Secret(PASSWORD)), new Scope("orders:read"));
        assertThat(first.getRefreshToken()).isNotNull();
        JWTClaimsSet user = verifyAccessToken(jwks, metadata, first.getAccessToken().getValue());
        assertThat(user.getStringClaim("client_id")).isEqualTo("legacy");
        assertThat(user.getStringListClaim("roles")).containsExactly("staff");

        Tokens refreshed = token(metadata, legacyApp, new RefreshTokenGrant(first.getRefreshToken()), null);
        assertThat(refreshed.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
        JWTClaimsSet afterRefresh = verifyAccessToken(jwks, metadata, refreshed.getAccessToken().getValue());
        assertThat(afterRefresh.getSubject()).isEqualTo(user.getSubject());
        assertThat(afterRefresh.getStringClaim("sid")).isEqualTo(user.getStringClaim("sid"));
        assertThat(introspect(metadata, refreshed.getAccessToken()).isActive()).isTrue();

        revoke(metadata, refreshed.getRefreshToken());
        revoke(metadata, refreshed.getAccessToken());

        assertThat(introspect(metadata, refreshed.getAccessToken()).isActive()).isFalse();
        assertThat(introspect(metadata, refreshed.getRefreshToken()).isActive()).isFalse();
        TokenResponse reuse = TokenResponse.parse(new TokenRequest.Builder(metadata.getTokenEndpointURI(), legacyApp,
                new RefreshTokenGrant(refreshed.getRefreshToken())).build().toHTTPRequest().send());
        assertThat(reuse.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) reuse).getErrorObject().getCode()).isEqualTo(OAuth2Error.INVALID_GRANT.getCode());
    }

    private static Tokens token(OIDCProviderMetadata metadata, ClientAuthentication client, AuthorizationGrant grant,
                                Scope scope) throws Exception {
        TokenResponse response = TokenResponse.parse(
                new TokenRequest.Builder(metadata.getTokenEndpointURI(), client, grant).scope(scope).build()
                        .toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new AssertionError("token request failed: " + response.toErrorResponse().getErrorObject().toJSONObject());
        }
        AccessTokenResponse success = response.toSuccessResponse();
        return success.getTokens();
    }

    private static JWTClaimsSet verifyAccessToken(JWKSource<SecurityContext> jwks, OIDCProviderMetadata metadata,
                                                  String token) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, jwks));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(API,
                new JWTClaimsSet.Builder().issuer(metadata.getIssuer().getValue()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id")));
        return processor.process(token, null);
    }

    private void revoke(OIDCProviderMetadata metadata, Token token) throws Exception {
        HTTPResponse response = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), legacyApp, token)
                .toHTTPRequest().send();
        assertThat(response.getStatusCode()).isEqualTo(200);
    }

    private TokenIntrospectionSuccessResponse introspect(OIDCProviderMetadata metadata, Token token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), introspector, token).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }

    private static ClientAuthentication basic(String clientId, String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }
}

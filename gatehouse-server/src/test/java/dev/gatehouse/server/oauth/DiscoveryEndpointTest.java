package dev.gatehouse.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryEndpointTest {
    @TempDir
    Path dir;

    TestIssuer issuer;
    OAuthHttp http;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        http = new OAuthHttp(issuer.baseUri());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void openIdConfigurationRoundTripsThroughNimbus() throws Exception {
        HttpResponse<String> response = http.get(Endpoints.OIDC_DISCOVERY);

        assertThat(response.statusCode()).isEqualTo(200);
        OIDCProviderMetadata parsed = OIDCProviderMetadata.parse(response.body());
        assertThat(parsed.toJSONObject()).isEqualTo(JSONObjectUtils.parse(response.body()));
        assertThat(parsed.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
        assertThat(parsed.getTokenEndpointURI()).isEqualTo(issuer.uri(Endpoints.TOKEN));
        assertThat(parsed.getJWKSetURI()).isEqualTo(issuer.uri(Endpoints.JWKS));
        assertThat(parsed.getRevocationEndpointURI()).isEqualTo(issuer.uri(Endpoints.REVOCATION));
        assertThat(parsed.getIntrospectionEndpointURI()).isEqualTo(issuer.uri(Endpoints.INTROSPECTION));
        assertThat(parsed.getUserInfoEndpointURI()).isEqualTo(issuer.uri(Endpoints.USERINFO));
        assertThat(parsed.getAuthorizationEndpointURI()).isNull();
        assertThat(parsed.getResponseTypes()).isEmpty();
        assertThat(parsed.getGrantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE,
                GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.PASSWORD);
        assertThat(parsed.getTokenEndpointAuthMethods()).containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.NONE);
        assertThat(parsed.getTokenEndpointJWSAlgs()).contains(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256)
                .doesNotContain(JWSAlgorithm.HS256);
        assertThat(parsed.getIntrospectionEndpointAuthMethods()).doesNotContain(ClientAuthenticationMethod.NONE);
        assertThat(parsed.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.RS256);
        assertThat(parsed.getSubjectTypes()).containsExactly(SubjectType.PUBLIC);
        assertThat(parsed.getScopes().toStringList()).contains("openid");
        assertThat(parsed.getClaims()).contains("sub", "preferred_username", "roles");
        assertThat(parsed.supportsRequestURIParam()).isFalse();
        assertThat(parsed.getCustomParameter("gatehouse_login_endpoint")).isEqualTo(issuer.uri(Endpoints.LOGIN).toString());
        assertThat(parsed.getCustomParameter("gatehouse_admin_api")).isEqualTo(issuer.uri(Endpoints.ADMIN).toString());
    }

    @Test
    void authorizationServerMetadataRoundTripsThroughNimbus() throws Exception {
        HttpResponse<String> response = http.get(Endpoints.AS_METADATA);

        assertThat(response.statusCode()).isEqualTo(200);
        AuthorizationServerMetadata parsed = AuthorizationServerMetadata.parse(response.body());
        assertThat(parsed.toJSONObject()).isEqualTo(JSONObjectUtils.parse(response.body()));
        assertThat(parsed.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
        assertThat(parsed.getTokenEndpointURI()).isEqualTo(issuer.uri(Endpoints.TOKEN));
        assertThat(parsed.getJWKSetURI()).isEqualTo(issuer.uri(Endpoints.JWKS));
        assertThat(parsed.getRevocationEndpointURI()).isEqualTo(issuer.uri(Endpoints.REVOCATION));
        assertThat(parsed.getIntrospectionEndpointURI()).isEqualTo(issuer.uri(Endpoints.INTROSPECTION));
        assertThat(parsed.getCustomParameter("userinfo_endpoint")).isEqualTo(issuer.uri(Endpoints.USERINFO).toString());
        assertThat(parsed.getGrantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE,
                GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.PASSWORD);
    }

    @Test
    void metadataNamesEveryEndpointTheIssuerServesToClients() throws Exception {
        Map<String, Object> document = JSONObjectUtils.parse(http.get(Endpoints.OIDC_DISCOVERY).body());
        List<String> named = new ArrayList<>();
        document.values().forEach(v -> {
            if (v instanceof String s && s.startsWith(issuer.baseUri().toString())) {
                named.add(URI.create(s).getPath());
            }
        });

        assertThat(named).contains(Endpoints.TOKEN, Endpoints.REVOCATION, Endpoints.INTROSPECTION, Endpoints.USERINFO,
                Endpoints.JWKS, Endpoints.LOGIN, Endpoints.LOGOUT, Endpoints.ADMIN);
    }

    @Test
    void namedProtocolEndpointsAreServed() throws Exception {
        OIDCProviderMetadata parsed = OIDCProviderMetadata.parse(http.get(Endpoints.OIDC_DISCOVERY).body());

        assertThat(http.get(parsed.getJWKSetURI().getPath()).statusCode()).isEqualTo(200);
        assertThat(http.get(parsed.getUserInfoEndpointURI().getPath()).statusCode()).isEqualTo(401);
        for (URI post : List.of(parsed.getTokenEndpointURI(), parsed.getRevocationEndpointURI(),
                parsed.getIntrospectionEndpointURI())) {
            assertThat(http.post(post.getPath(), "").statusCode()).as(post.toString()).isIn(400, 401);
        }
    }
}

package dev.gatehouse.server.oauth;

import java.util.Optional;
import java.nio.file.Files;
import dev.gatehouse.server.pages.PagesConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Prompt;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.config.TokenConfig;
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
        assertThat(parsed.toJSONObject()).isEqualTo(withoutFalse(response.body(), "request_parameter_supported",
                "require_pushed_authorization_requests", "claims_parameter_supported", "frontchannel_logout_supported"));
        assertThat(parsed.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
        assertThat(parsed.getTokenEndpointURI()).isEqualTo(issuer.uri(Endpoints.TOKEN));
        assertThat(parsed.getJWKSetURI()).isEqualTo(issuer.uri(Endpoints.JWKS));
        assertThat(parsed.getRevocationEndpointURI()).isEqualTo(issuer.uri(Endpoints.REVOCATION));
        assertThat(parsed.getIntrospectionEndpointURI()).isEqualTo(issuer.uri(Endpoints.INTROSPECTION));
        assertThat(parsed.getUserInfoEndpointURI()).isEqualTo(issuer.uri(Endpoints.USERINFO));
        assertThat(parsed.getAuthorizationEndpointURI()).isEqualTo(issuer.uri(Endpoints.AUTHORIZE));
        assertThat(parsed.getPushedAuthorizationRequestEndpointURI()).isEqualTo(issuer.uri(Endpoints.PAR));
        assertThat(parsed.getEndSessionEndpointURI()).isEqualTo(issuer.uri(Endpoints.END_SESSION));
        assertThat(parsed.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(parsed.getResponseModes()).containsExactly(ResponseMode.QUERY, ResponseMode.FORM_POST);
        assertThat(parsed.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(parsed.getPromptTypes()).containsExactly(Prompt.Type.NONE, Prompt.Type.LOGIN, Prompt.Type.CONSENT);
        assertThat(parsed.getGrantTypes()).containsExactlyInAnyOrderElementsOf(issuer.services().grants().supported());
        assertThat(parsed.getTokenEndpointAuthMethods()).containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.NONE);
        assertThat(parsed.getTokenEndpointJWSAlgs()).contains(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256)
                .doesNotContain(JWSAlgorithm.HS256);
        assertThat(parsed.getIntrospectionEndpointAuthMethods()).doesNotContain(ClientAuthenticationMethod.NONE);
        assertThat(parsed.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.RS256);
        assertThat(parsed.getSubjectTypes()).containsExactly(SubjectType.PUBLIC);
        assertThat(parsed.getScopes().toStringList()).startsWith("openid", "profile", "email", "address", "phone")
                .containsAll(FirstPartyClient.SCOPES).doesNotHaveDuplicates();
        assertThat(parsed.getClaims()).contains("sub", "preferred_username", "roles", "name", "email", "email_verified",
                "phone_number", "address", "locale", "auth_time", "nonce", "sid").doesNotHaveDuplicates();
        assertThat(parsed.supportsRequestParam()).isFalse();
        assertThat(parsed.supportsRequestURIParam()).isFalse();
        assertThat(parsed.supportsClaimsParam()).isFalse();
        assertThat(parsed.requiresPushedAuthorizationRequests()).isFalse();
        assertThat(parsed.supportsAuthorizationResponseIssuerParam()).isTrue();
        assertThat(parsed.supportsBackChannelLogout()).isTrue();
        assertThat(parsed.supportsBackChannelLogoutSession()).isTrue();
        assertThat(parsed.supportsFrontChannelLogout()).isFalse();
        assertThat(parsed.getUILocales()).extracting(LangTag::toString).containsExactly("en", "de");
        assertThat(parsed.getCustomParameter("gatehouse_login_endpoint")).isEqualTo(issuer.uri(Endpoints.LOGIN).toString());
        assertThat(parsed.getCustomParameter("gatehouse_admin_api")).isEqualTo(issuer.uri(Endpoints.ADMIN).toString());
    }

    @Test
    void authorizationServerMetadataRoundTripsThroughNimbus() throws Exception {
        HttpResponse<String> response = http.get(Endpoints.AS_METADATA);

        assertThat(response.statusCode()).isEqualTo(200);
        AuthorizationServerMetadata parsed = AuthorizationServerMetadata.parse(response.body());
        assertThat(parsed.toJSONObject()).isEqualTo(withoutFalse(response.body(), "request_parameter_supported",
                "require_pushed_authorization_requests"));
        assertThat(parsed.getIssuer().getValue()).isEqualTo(issuer.baseUri().toString());
        assertThat(parsed.getTokenEndpointURI()).isEqualTo(issuer.uri(Endpoints.TOKEN));
        assertThat(parsed.getJWKSetURI()).isEqualTo(issuer.uri(Endpoints.JWKS));
        assertThat(parsed.getRevocationEndpointURI()).isEqualTo(issuer.uri(Endpoints.REVOCATION));
        assertThat(parsed.getIntrospectionEndpointURI()).isEqualTo(issuer.uri(Endpoints.INTROSPECTION));
        assertThat(parsed.getCustomParameter("userinfo_endpoint")).isEqualTo(issuer.uri(Endpoints.USERINFO).toString());
        assertThat(parsed.getGrantTypes()).containsExactlyInAnyOrderElementsOf(issuer.services().grants().supported());
        assertThat(parsed.getAuthorizationEndpointURI()).isEqualTo(issuer.uri(Endpoints.AUTHORIZE));
        assertThat(parsed.getPushedAuthorizationRequestEndpointURI()).isEqualTo(issuer.uri(Endpoints.PAR));
        assertThat(parsed.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(parsed.getResponseModes()).containsExactly(ResponseMode.QUERY, ResponseMode.FORM_POST);
        assertThat(parsed.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(parsed.supportsAuthorizationResponseIssuerParam()).isTrue();
        assertThat(parsed.requiresPushedAuthorizationRequests()).isFalse();
        assertThat(parsed.supportsRequestParam()).isFalse();
        assertThat(parsed.supportsRequestURIParam()).isFalse();
    }

    @Test
    void browserSignInMembersAreStatedExplicitly() throws Exception {
        Map<String, Object> document = JSONObjectUtils.parse(http.get(Endpoints.OIDC_DISCOVERY).body());

        // members whose absence would mean the same are written out, so that a reader need not know the default
        assertThat(document).containsEntry("response_types_supported", List.of("code"))
                .containsEntry("response_modes_supported", List.of("query", "form_post"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("prompt_values_supported", List.of("none", "login", "consent"))
                .containsEntry("subject_types_supported", List.of("public"))
                .containsEntry("ui_locales_supported", List.of("en", "de"))
                .containsEntry("authorization_response_iss_parameter_supported", true)
                .containsEntry("request_parameter_supported", false)
                .containsEntry("request_uri_parameter_supported", false)
                .containsEntry("require_pushed_authorization_requests", false)
                .containsEntry("claims_parameter_supported", false)
                .containsEntry("backchannel_logout_supported", true)
                .containsEntry("backchannel_logout_session_supported", true)
                .containsEntry("frontchannel_logout_supported", false);
    }

    /**
     * The document as Nimbus writes it back: members that default to false (OpenID Discovery 3, RFC 9126 5) are
     * written by Nimbus only when true, and the issuer writes them out anyway.
     */
    private static Map<String, Object> withoutFalse(String body, String... members) throws Exception {
        Map<String, Object> document = JSONObjectUtils.parse(body);
        for (String member : members) {
            assertThat(document).containsEntry(member, false);
            document.remove(member);
        }
        return document;
    }

    @Test
    void aLanguageTheOperatorAddsToThePagesIsAdvertised(@TempDir Path pages, @TempDir Path data) throws Exception {
        Files.writeString(pages.resolve("messages_fr.properties"), "signin.title=Connexion\n");
        try (TestIssuer french = TestIssuer.start(data,
                c -> c.withPages(new PagesConfig(Optional.of(pages), PagesConfig.DEFAULT_DISPLAY_NAME)))) {
            Map<String, Object> document = JSONObjectUtils.parse(
                    new OAuthHttp(french.baseUri()).get(Endpoints.OIDC_DISCOVERY).body());

            assertThat((java.util.List<Object>) document.get("ui_locales_supported"))
                    .containsExactlyInAnyOrder("en", "de", "fr");
        }
    }

    @Test
    void advertisedIdTokenAlgorithmsAreTheOnesTheIssuerSignsWith() throws Exception {
        OIDCProviderMetadata parsed = OIDCProviderMetadata.parse(http.get(Endpoints.OIDC_DISCOVERY).body());

        assertThat(parsed.getIDTokenJWSAlgs()).first().isEqualTo(issuer.services().config().tokens().signingAlgorithm());
        assertThat(parsed.getIDTokenJWSAlgs()).containsExactlyInAnyOrderElementsOf(TokenConfig.SUPPORTED_ALGORITHMS);
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
                Endpoints.JWKS, Endpoints.LOGIN, Endpoints.LOGOUT, Endpoints.ADMIN, Endpoints.AUTHORIZE, Endpoints.PAR,
                Endpoints.END_SESSION);
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

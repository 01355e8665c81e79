package dev.gatehouse.core.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.core.client.BrowserSignIn;
import dev.gatehouse.core.client.OAuthClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Fixture builder for client registrations: {@code TestClients.confidential("orders").scope("orders:read").build()}. */
public final class TestClients {
    private String clientId;
    private String name;
    private String secretHash;
    private Set<ClientAuthenticationMethod> authMethods;
    private String jwks;
    private final Set<GrantType> grantTypes = new LinkedHashSet<>();
    private final Set<String> scopes = new LinkedHashSet<>();
    private final Set<String> audiences = new LinkedHashSet<>();
    private final Set<String> roles = new LinkedHashSet<>();
    private boolean firstParty;
    private boolean introspection;
    private Duration accessTokenTtl;
    private Duration refreshIdleTtl;
    private Duration refreshAbsoluteTtl;
    private Duration refreshGracePeriod;
    private JWSAlgorithm algorithm;
    private final List<URI> redirectUris = new ArrayList<>();
    private Instant createdAt;
    private final List<URI> postLogoutRedirectUris = new ArrayList<>();
    private URI backchannelLogoutUri;
    private BrowserSignIn.Consent consent;
    private boolean requirePar;
    private boolean requirePkce = true;

    private TestClients(String clientId, Set<ClientAuthenticationMethod> methods) {
        this.clientId = clientId;
        this.name = clientId;
        this.authMethods = methods;
    }

    /** A confidential client with client_credentials, a generated secret and audience "https://api.test". */
    public static TestClients confidential(String clientId) {
        TestClients b = new TestClients(clientId, Set.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST));
        b.grantTypes.add(GrantType.CLIENT_CREDENTIALS);
        b.audiences.add("https://api.test");
        return b;
    }

    /** A public client with the refresh_token grant. */
    public static TestClients publicClient(String clientId) {
        TestClients b = new TestClients(clientId, Set.of(ClientAuthenticationMethod.NONE));
        b.grantTypes.add(GrantType.REFRESH_TOKEN);
        b.audiences.add("https://api.test");
        return b;
    }

    public TestClients grant(GrantType... types) { grantTypes.addAll(List.of(types)); return this; }
    public TestClients scope(String... values) { scopes.addAll(List.of(values)); return this; }
    public TestClients audience(String... values) { audiences.addAll(List.of(values)); return this; }
    public TestClients role(String... values) { roles.addAll(List.of(values)); return this; }
    public TestClients noAudience() { audiences.clear(); return this; }
    public TestClients authMethods(ClientAuthenticationMethod... m) { authMethods = Set.of(m); return this; }
    public TestClients jwks(String json) { jwks = json; return this; }
    public TestClients secretHash(String hash) { secretHash = hash; return this; }
    public TestClients firstParty() { firstParty = true; return this; }
    public TestClients introspection() { introspection = true; return this; }
    public TestClients accessTokenTtl(Duration d) { accessTokenTtl = d; return this; }
    public TestClients refreshIdleTtl(Duration d) { refreshIdleTtl = d; return this; }
    public TestClients refreshAbsoluteTtl(Duration d) { refreshAbsoluteTtl = d; return this; }
    public TestClients refreshGracePeriod(Duration d) { refreshGracePeriod = d; return this; }
    public TestClients algorithm(JWSAlgorithm a) { algorithm = a; return this; }
    public TestClients name(String n) { name = n; return this; }
    public TestClients redirectUri(String... uris) { List.of(uris).forEach(u -> redirectUris.add(URI.create(u))); return this; }
    public TestClients createdAt(Instant at) { createdAt = at; return this; }
    public TestClients postLogoutRedirectUri(String... uris) { List.of(uris).forEach(u -> postLogoutRedirectUris.add(URI.create(u))); return this; }
    public TestClients backchannelLogoutUri(String uri) { backchannelLogoutUri = URI.create(uri); return this; }
    public TestClients consent(BrowserSignIn.Consent value) { consent = value; return this; }
    public TestClients requirePushedAuthorizationRequests() { requirePar = true; return this; }
    public TestClients pkceOptional() { requirePkce = false; return this; }

    public OAuthClient build() {
        return new OAuthClient(clientId, name, secretHash, authMethods, jwks, grantTypes, scopes, audiences, roles,
                redirectUris, firstParty, introspection, accessTokenTtl, refreshIdleTtl, refreshAbsoluteTtl,
                refreshGracePeriod, algorithm, createdAt == null ? Instant.now() : createdAt,
                new BrowserSignIn(postLogoutRedirectUris, backchannelLogoutUri,
                        consent != null ? consent : firstParty ? BrowserSignIn.Consent.SKIP : BrowserSignIn.Consent.ASK,
                        requirePar, requirePkce));
    }
}

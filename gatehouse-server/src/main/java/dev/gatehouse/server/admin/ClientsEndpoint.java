package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.client.BrowserSignIn;
import dev.gatehouse.core.client.ClientService;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.server.Endpoints;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Client registrations: create, list, read, update, rotate the secret, delete. Hashes and secrets are never shown. */
final class ClientsEndpoint {
    /**
     * A registration as the API takes it. {@code consent} left out is {@code skip} for a first-party client and
     * {@code ask} otherwise; {@code require_pkce} left out is true.
     */
    record CreateClient(String clientId, String name, List<String> authMethods, List<String> grantTypes,
                        List<String> scopes, List<String> audiences, List<String> roles, List<String> redirectUris,
                        JsonNode jwks, Boolean firstParty, Boolean introspection, Long accessTokenTtlSeconds,
                        Long refreshIdleTtlSeconds, Long refreshAbsoluteTtlSeconds, Long refreshGracePeriodSeconds,
                        String signingAlgorithm, List<String> postLogoutRedirectUris, String backchannelLogoutUri,
                        String consent, Boolean requirePushedAuthorizationRequests, Boolean requirePkce) {

        /** The stored registration in this shape, for an update to change; a default consent is left out. */
        static CreateClient of(OAuthClient c) {
            BrowserSignIn b = c.browser();
            boolean defaultConsent = b.consent() == BrowserSignIn.defaults(c.firstParty()).consent();
            return new CreateClient(c.clientId(), c.name(), sorted(c.authMethods(), ClientAuthenticationMethod::getValue),
                    sorted(c.grantTypes(), GrantType::getValue), sorted(c.scopes(), s -> s), sorted(c.audiences(), s -> s),
                    sorted(c.roles(), s -> s), uris(c.redirectUris()), AdminJson.tree(c.jwks()), c.firstParty(),
                    c.introspection(), seconds(c.accessTokenTtl()), seconds(c.refreshIdleTtl()),
                    seconds(c.refreshAbsoluteTtl()), seconds(c.refreshGracePeriod()),
                    c.signingAlgorithm() == null ? null : c.signingAlgorithm().getName(),
                    uris(b.postLogoutRedirectUris()),
                    b.backchannelLogoutUri() == null ? null : b.backchannelLogoutUri().toString(),
                    defaultConsent ? null : b.consent().value(), b.requirePushedAuthorizationRequests(), b.requirePkce());
        }
    }

    /**
     * A client as the API shows it. {@code clientSecret} is present only in the answer that generated it.
     * Lifetimes, the refresh grace period and the algorithm are absent where the default applies.
     */
    record ClientView(String clientId, String name, boolean publicClient, List<String> authMethods, List<String> grantTypes,
                      List<String> scopes, List<String> audiences, List<String> roles, List<String> redirectUris,
                      JsonNode jwks, boolean firstParty, boolean introspection, Long accessTokenTtlSeconds,
                      Long refreshIdleTtlSeconds, Long refreshAbsoluteTtlSeconds, Long refreshGracePeriodSeconds,
                      String signingAlgorithm, List<String> postLogoutRedirectUris, String backchannelLogoutUri,
                      String consent, boolean requirePushedAuthorizationRequests, boolean requirePkce,
                      Instant createdAt, String clientSecret) {
        static ClientView of(OAuthClient c, String secret) {
            BrowserSignIn b = c.browser();
            return new ClientView(c.clientId(), c.name(), c.isPublic(),
                    sorted(c.authMethods(), ClientAuthenticationMethod::getValue),
                    sorted(c.grantTypes(), GrantType::getValue), sorted(c.scopes(), s -> s), sorted(c.audiences(), s -> s),
                    sorted(c.roles(), s -> s), uris(c.redirectUris()),
                    AdminJson.tree(c.jwks()), c.firstParty(), c.introspection(), seconds(c.accessTokenTtl()),
                    seconds(c.refreshIdleTtl()), seconds(c.refreshAbsoluteTtl()), seconds(c.refreshGracePeriod()),
                    c.signingAlgorithm() == null ? null : c.signingAlgorithm().getName(),
                    uris(b.postLogoutRedirectUris()),
                    b.backchannelLogoutUri() == null ? null : b.backchannelLogoutUri().toString(),
                    b.consent().value(), b.requirePushedAuthorizationRequests(), b.requirePkce(), c.createdAt(), secret);
        }
    }

    record ClientList(List<ClientView> items) {}

    record NewSecret(String clientSecret) {}

    private final ClientService clients;
    private final Clock clock;

    ClientsEndpoint(ClientService clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    void create(Context ctx, Admin admin) throws Exception {
        OAuthClient requested = toClient(AdminJson.read(ctx, CreateClient.class));
        ClientService.Created created = clients.create(requested, admin.actor());
        String id = created.client().clientId();
        ctx.header("Location", Endpoints.ADMIN + "/clients/" + id);
        // Shown as stored, so that the answer equals a later read.
        AdminJson.write(ctx, 201, ClientView.of(clients.find(id).orElseThrow(() -> notFound(id)), created.secret()));
    }

    void list(Context ctx, Admin admin) {
        List<ClientView> all = clients.list().stream()
                .sorted(Comparator.comparing(OAuthClient::clientId))
                .map(c -> ClientView.of(c, null))
                .toList();
        AdminJson.write(ctx, 200, new ClientList(all));
    }

    void get(Context ctx, Admin admin) {
        String id = ctx.pathParam("id");
        OAuthClient client = clients.find(id).orElseThrow(() -> notFound(id));
        AdminJson.write(ctx, 200, ClientView.of(client, null));
    }

    /**
     * Changes a client with a JSON merge patch (RFC 7396): each member sent replaces the stored value, a null
     * member returns the field to its default, members left out stay. {@code client_id} cannot change. The
     * answer is the client as stored, with a secret only when the change generated one.
     */
    void update(Context ctx, Admin admin) throws Exception {
        String id = ctx.pathParam("id");
        JsonNode patch = AdminJson.read(ctx, JsonNode.class);
        if (!(patch instanceof ObjectNode changes)) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        OAuthClient stored = clients.find(id).orElseThrow(() -> notFound(id));
        JsonNode newId = changes.get("client_id");
        if (newId != null && !(newId.isTextual() && newId.asText().equals(id))) {
            throw ProblemException.invalidField("client_id", "cannot change; it is " + id);
        }
        ObjectNode merged = AdminJson.MAPPER.valueToTree(CreateClient.of(stored));
        changes.properties().forEach(member -> {
            if (member.getValue().isNull()) {
                merged.remove(member.getKey());
            } else {
                merged.set(member.getKey(), member.getValue());
            }
        });
        OAuthClient changed = toClient(AdminJson.MAPPER.treeToValue(merged, CreateClient.class));
        ClientService.Created updated = clients.update(changed, admin.actor()).orElseThrow(() -> notFound(id));
        AdminJson.write(ctx, 200, ClientView.of(clients.find(id).orElseThrow(() -> notFound(id)), updated.secret()));
    }

    /** A new generated secret, shown once; core revokes every token issued to the client until now. */
    void rotateSecret(Context ctx, Admin admin) {
        String id = ctx.pathParam("id");
        String secret = clients.rotateSecret(id, admin.actor()).orElseThrow(() -> notFound(id));
        AdminJson.write(ctx, 200, new NewSecret(secret));
    }

    void delete(Context ctx, Admin admin) {
        String id = ctx.pathParam("id");
        if (!clients.delete(id, admin.actor())) {
            throw notFound(id);
        }
        ctx.status(204);
    }

    /** The request as a registration; core checks every value against its bounds (FieldBounds). */
    private OAuthClient toClient(CreateClient b) {
        String clientId = Fields.required("client_id", b.clientId());
        String name = b.name() == null ? clientId : b.name();
        Set<ClientAuthenticationMethod> methods = new LinkedHashSet<>();
        List<String> methodNames = new ArrayList<>(Fields.set("auth_methods", Fields.required("auth_methods", b.authMethods())));
        for (int i = 0; i < methodNames.size(); i++) {
            if (methodNames.get(i).isBlank()) {
                throw ProblemException.invalidField("auth_methods[" + i + "]", "not an authentication method");
            }
            methods.add(ClientAuthenticationMethod.parse(methodNames.get(i)));
        }
        Set<GrantType> grants = new LinkedHashSet<>();
        List<String> grantNames = new ArrayList<>(Fields.set("grant_types", Fields.required("grant_types", b.grantTypes())));
        for (int i = 0; i < grantNames.size(); i++) {
            try {
                grants.add(GrantType.parse(grantNames.get(i)));
            } catch (ParseException e) {
                throw ProblemException.invalidField("grant_types[" + i + "]", "not a grant type");
            }
        }
        List<URI> redirects = uris("redirect_uris", b.redirectUris());
        List<URI> postLogout = uris("post_logout_redirect_uris", b.postLogoutRedirectUris());
        URI backchannel = null;
        if (b.backchannelLogoutUri() != null) {
            try {
                backchannel = new URI(b.backchannelLogoutUri());
            } catch (URISyntaxException e) {
                throw ProblemException.invalidField("backchannel_logout_uri", "not a URI");
            }
        }
        boolean firstParty = Boolean.TRUE.equals(b.firstParty());
        BrowserSignIn.Consent consent = BrowserSignIn.defaults(firstParty).consent();
        if (b.consent() != null) {
            try {
                consent = BrowserSignIn.Consent.parse(b.consent());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("consent", "ask or skip");
            }
        }
        BrowserSignIn browser = new BrowserSignIn(postLogout, backchannel, consent,
                Boolean.TRUE.equals(b.requirePushedAuthorizationRequests()), !Boolean.FALSE.equals(b.requirePkce()));
        String jwks = null;
        if (b.jwks() != null) {
            if (!b.jwks().isObject()) {
                throw ProblemException.invalidField("jwks", "expected a JSON Web Key Set object");
            }
            jwks = AdminJson.text(b.jwks());
        }
        return new OAuthClient(clientId, name, null, methods, jwks, grants,
                Fields.set("scopes", b.scopes()), Fields.set("audiences", b.audiences()), Fields.set("roles", b.roles()),
                redirects, firstParty, Boolean.TRUE.equals(b.introspection()),
                duration(b.accessTokenTtlSeconds()), duration(b.refreshIdleTtlSeconds()),
                duration(b.refreshAbsoluteTtlSeconds()), duration(b.refreshGracePeriodSeconds()),
                b.signingAlgorithm() == null ? null : JWSAlgorithm.parse(b.signingAlgorithm()),
                clock.instant(), browser);
    }

    private static List<URI> uris(String field, List<String> values) {
        List<URI> uris = new ArrayList<>();
        List<String> names = new ArrayList<>(Fields.set(field, values));
        for (int i = 0; i < names.size(); i++) {
            try {
                uris.add(new URI(names.get(i)));
            } catch (URISyntaxException e) {
                throw ProblemException.invalidField(field + "[" + i + "]", "not a URI");
            }
        }
        return uris;
    }

    private static List<String> uris(List<URI> uris) {
        return uris.stream().map(URI::toString).toList();
    }

    private static Duration duration(Long seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }

    private static <T> List<String> sorted(Set<T> values, Function<T, String> name) {
        return values.stream().map(name).sorted().toList();
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("no client with id " + id);
    }
}

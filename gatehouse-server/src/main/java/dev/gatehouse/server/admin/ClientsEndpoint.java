package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
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

/** Client registrations: create, list, read, rotate the secret, delete. Hashes and secrets are never shown. */
final class ClientsEndpoint {
    record CreateClient(String clientId, String name, List<String> authMethods, List<String> grantTypes,
                        List<String> scopes, List<String> audiences, List<String> roles, List<String> redirectUris,
                        JsonNode jwks, Boolean firstParty, Boolean introspection, Long accessTokenTtlSeconds,
                        Long refreshIdleTtlSeconds, Long refreshAbsoluteTtlSeconds, Long refreshGracePeriodSeconds,
                        String signingAlgorithm) {}

    /**
     * A client as the API shows it. {@code clientSecret} is present only in the answer that generated it.
     * Lifetimes, the refresh grace period and the algorithm are absent where the default applies.
     */
    record ClientView(String clientId, String name, boolean publicClient, List<String> authMethods, List<String> grantTypes,
                      List<String> scopes, List<String> audiences, List<String> roles, List<String> redirectUris,
                      JsonNode jwks, boolean firstParty, boolean introspection, Long accessTokenTtlSeconds,
                      Long refreshIdleTtlSeconds, Long refreshAbsoluteTtlSeconds, Long refreshGracePeriodSeconds,
                      String signingAlgorithm, Instant createdAt, String clientSecret) {
        static ClientView of(OAuthClient c, String secret) {
            return new ClientView(c.clientId(), c.name(), c.isPublic(),
                    sorted(c.authMethods(), ClientAuthenticationMethod::getValue),
                    sorted(c.grantTypes(), GrantType::getValue), sorted(c.scopes(), s -> s), sorted(c.audiences(), s -> s),
                    sorted(c.roles(), s -> s), c.redirectUris().stream().map(URI::toString).toList(),
                    AdminJson.tree(c.jwks()), c.firstParty(), c.introspection(), seconds(c.accessTokenTtl()),
                    seconds(c.refreshIdleTtl()), seconds(c.refreshAbsoluteTtl()), seconds(c.refreshGracePeriod()),
                    c.signingAlgorithm() == null ? null : c.signingAlgorithm().getName(), c.createdAt(), secret);
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
        List<URI> redirects = new ArrayList<>();
        List<String> redirectNames = new ArrayList<>(Fields.set("redirect_uris", b.redirectUris()));
        for (int i = 0; i < redirectNames.size(); i++) {
            try {
                redirects.add(new URI(redirectNames.get(i)));
            } catch (URISyntaxException e) {
                throw ProblemException.invalidField("redirect_uris[" + i + "]", "not a URI");
            }
        }
        String jwks = null;
        if (b.jwks() != null) {
            if (!b.jwks().isObject()) {
                throw ProblemException.invalidField("jwks", "expected a JSON Web Key Set object");
            }
            jwks = AdminJson.text(b.jwks());
        }
        return new OAuthClient(clientId, name, null, methods, jwks, grants,
                Fields.set("scopes", b.scopes()), Fields.set("audiences", b.audiences()), Fields.set("roles", b.roles()),
                redirects,
                Boolean.TRUE.equals(b.firstParty()), Boolean.TRUE.equals(b.introspection()),
                duration(b.accessTokenTtlSeconds()), duration(b.refreshIdleTtlSeconds()),
                duration(b.refreshAbsoluteTtlSeconds()), duration(b.refreshGracePeriodSeconds()),
                b.signingAlgorithm() == null ? null : JWSAlgorithm.parse(b.signingAlgorithm()),
                clock.instant(), null);
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

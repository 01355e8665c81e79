package dev.gatehouse.app.admin;

import dev.gatehouse.client.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "clients", mixinStandardHelpOptions = true, description = "List, register and remove OAuth clients.")
final class ClientsCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "List registered clients.")
    int list() {
        admin.print(admin.client().get("/clients", Map.of()));
        return 0;
    }

    @Command(name = "create", description = "Register a client; a confidential client's generated secret is shown once.")
    int create(@Parameters(paramLabel = "CLIENT_ID") String clientId,
               @Option(names = "--name") String name,
               @Option(names = "--type", defaultValue = "confidential",
                       description = "confidential (default: client_secret_basic, client_secret_post; client_credentials)"
                               + " or public (none; refresh_token)") String type,
               @Option(names = "--auth-method", paramLabel = "METHOD") List<String> authMethods,
               @Option(names = "--grant", paramLabel = "GRANT_TYPE") List<String> grants,
               @Option(names = "--scope", paramLabel = "SCOPE") List<String> scopes,
               @Option(names = "--audience", paramLabel = "AUDIENCE") List<String> audiences,
               @Option(names = "--role", paramLabel = "ROLE") List<String> roles,
               @Option(names = "--redirect-uri", paramLabel = "URI") List<String> redirectUris,
               @Option(names = "--access-token-ttl", paramLabel = "DURATION") String accessTokenTtl,
               @Option(names = "--refresh-grace-period", paramLabel = "DURATION",
                       description = "how long a rotated refresh token presented again by this client gets the "
                               + "same successor back (default 5s; 0s is strict, at most 60s)") String refreshGracePeriod,
               @Option(names = "--signing-algorithm", paramLabel = "ALG") String signingAlgorithm,
               @Option(names = "--first-party") boolean firstParty,
               @Option(names = "--introspection", description = "may call the introspection endpoint") boolean introspection) {
        boolean isPublic = switch (type) {
            case "confidential" -> false;
            case "public" -> true;
            default -> throw new AdminException("--type: confidential or public, got " + type);
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", clientId);
        if (name != null) {
            body.put("name", name);
        }
        body.put("auth_methods", orDefault(authMethods, isPublic ? List.of("none")
                : List.of("client_secret_basic", "client_secret_post")));
        body.put("grant_types", orDefault(grants, List.of(isPublic ? "refresh_token" : "client_credentials")));
        putList(body, "scopes", scopes);
        putList(body, "audiences", audiences);
        putList(body, "roles", roles);
        putList(body, "redirect_uris", redirectUris);
        if (accessTokenTtl != null) {
            try {
                body.put("access_token_ttl_seconds", Durations.parse(accessTokenTtl).toSeconds());
            } catch (IllegalArgumentException e) {
                throw new AdminException("--access-token-ttl: expected a " + Durations.EXPECTED + ", got " + accessTokenTtl);
            }
        }
        if (refreshGracePeriod != null) {
            Duration grace;
            try {
                grace = Durations.parse(refreshGracePeriod);
            } catch (IllegalArgumentException e) {
                throw new AdminException("--refresh-grace-period: expected a " + Durations.EXPECTED + ", got "
                        + refreshGracePeriod);
            }
            if (grace.getNano() != 0) {
                throw new AdminException("--refresh-grace-period: whole seconds, got " + refreshGracePeriod);
            }
            body.put("refresh_grace_period_seconds", grace.toSeconds());
        }
        if (signingAlgorithm != null) {
            body.put("signing_algorithm", signingAlgorithm);
        }
        body.put("first_party", firstParty);
        body.put("introspection", introspection);
        admin.print(admin.client().call("POST", "/clients", body));
        return 0;
    }

    @Command(name = "rotate-secret", description = "Generate a new secret (shown once) and revoke the client's tokens.")
    int rotateSecret(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        admin.print(admin.client().call("POST", "/clients/" + AdminClient.enc(clientId) + "/secret", null));
        return 0;
    }

    @Command(name = "delete", description = "Remove a client and revoke its tokens.")
    int delete(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        admin.client().call("DELETE", "/clients/" + AdminClient.enc(clientId), null);
        admin.done("deleted client " + clientId);
        return 0;
    }

    private static List<String> orDefault(List<String> given, List<String> fallback) {
        return given == null || given.isEmpty() ? fallback : given;
    }

    private static void putList(Map<String, Object> body, String field, List<String> values) {
        if (values != null && !values.isEmpty()) {
            body.put(field, values);
        }
    }
}

package dev.gatehouse.app.admin;

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
               @Option(names = "--type", defaultValue = "confidential", description = "confidential or public") String type,
               @Option(names = "--auth-method", paramLabel = "METHOD") List<String> authMethods,
               @Option(names = "--grant", paramLabel = "GRANT_TYPE") List<String> grants,
               @Option(names = "--scope", paramLabel = "SCOPE") List<String> scopes,
               @Option(names = "--audience", paramLabel = "AUDIENCE") List<String> audiences,
               @Option(names = "--role", paramLabel = "ROLE") List<String> roles,
               @Option(names = "--redirect-uri", paramLabel = "URI") List<String> redirectUris,
               @Option(names = "--first-party") boolean firstParty,
               @Option(names = "--introspection", description = "may call the introspection endpoint") boolean introspection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", clientId);
        if (name != null) {
            body.put("name", name);
        }
        body.put("type", type);
        putList(body, "auth_methods", authMethods);
        putList(body, "grant_types", grants);
        putList(body, "scopes", scopes);
        putList(body, "audiences", audiences);
        putList(body, "roles", roles);
        putList(body, "redirect_uris", redirectUris);
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

    private static void putList(Map<String, Object> body, String field, List<String> values) {
        if (values != null && !values.isEmpty()) {
            body.put(field, values);
        }
    }
}

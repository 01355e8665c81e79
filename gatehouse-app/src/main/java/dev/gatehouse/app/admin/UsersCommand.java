package dev.gatehouse.app.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "users", mixinStandardHelpOptions = true,
        description = "List, create and change users. USER is an id or a username.")
final class UsersCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "List users, ordered by username.")
    int list(@Option(names = "--search", paramLabel = "TEXT", description = "part of the username") String search,
             @Option(names = "--offset", defaultValue = "0") int offset,
             @Option(names = "--limit", defaultValue = "50") int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("search", search);
        query.put("offset", Integer.toString(offset));
        query.put("limit", Integer.toString(limit));
        admin.print(admin.client().get("/users", query));
        return 0;
    }

    @Command(name = "create", description = "Create a user; the password is asked for (or read with --password-stdin)."
            + " Profile claims (OpenID Connect) may be given with their options.")
    int create(@Parameters(paramLabel = "USERNAME") String username,
               @Option(names = "--role", paramLabel = "ROLE", description = "a role; repeat for several") List<String> roles,
               @Option(names = "--password-stdin") boolean passwordStdin,
               @Mixin ProfileOptions profile) {
        Map<String, Object> body = new LinkedHashMap<>();
        profile.addTo(body);
        String password = admin.password(passwordStdin, "Password for " + username);
        body.put("username", username);
        body.put("password", password);
        body.put("roles", roles == null ? List.of() : roles);
        admin.print(admin.client().call("POST", "/users", body));
        return 0;
    }

    @Command(name = "update", description = "Change a user's profile claims (OpenID Connect): each option given sets "
            + "its claim, --clear clears one, claims not named keep their values.")
    int update(@Parameters(paramLabel = "USER") String user, @Mixin ProfileOptions profile) {
        Map<String, Object> body = new LinkedHashMap<>();
        profile.addTo(body);
        if (body.isEmpty()) {
            throw new AdminException("nothing to change: give a claim option, e.g. --email, or --clear CLAIM");
        }
        AdminClient client = admin.client();
        admin.print(client.call("PATCH", "/users/" + AdminClient.enc(admin.userId(client, user)), body));
        return 0;
    }

    @Command(name = "disable", description = "Disable a user and revoke all their sessions and tokens.")
    int disable(@Parameters(paramLabel = "USER") String user) {
        AdminClient client = admin.client();
        admin.print(client.call("POST", "/users/" + AdminClient.enc(admin.userId(client, user)) + "/disable", null));
        return 0;
    }

    @Command(name = "enable", description = "Enable a disabled user.")
    int enable(@Parameters(paramLabel = "USER") String user) {
        AdminClient client = admin.client();
        admin.print(client.call("POST", "/users/" + AdminClient.enc(admin.userId(client, user)) + "/enable", null));
        return 0;
    }

    @Command(name = "delete", description = "Delete a user and revoke all their sessions and tokens.")
    int delete(@Parameters(paramLabel = "USER") String user) {
        AdminClient client = admin.client();
        client.call("DELETE", "/users/" + AdminClient.enc(admin.userId(client, user)), null);
        admin.done("deleted user " + user);
        return 0;
    }

    @Command(name = "set-password", description = "Set a user's password; ends all their sessions.")
    int setPassword(@Parameters(paramLabel = "USER") String user,
                    @Option(names = "--password-stdin") boolean passwordStdin) {
        AdminClient client = admin.client();
        String id = admin.userId(client, user);
        String password = admin.password(passwordStdin, "New password for " + user);
        client.call("PUT", "/users/" + AdminClient.enc(id) + "/password", Map.of("password", password));
        admin.done("password set for " + user);
        return 0;
    }

    @Command(name = "set-roles", description = "Replace a user's roles (none given: no roles).")
    int setRoles(@Parameters(index = "0", paramLabel = "USER") String user,
                 @Parameters(index = "1..*", paramLabel = "ROLE", arity = "0..*") List<String> roles) {
        AdminClient client = admin.client();
        String id = admin.userId(client, user);
        admin.print(client.call("PUT", "/users/" + AdminClient.enc(id) + "/roles",
                Map.of("roles", roles == null ? List.of() : roles)));
        return 0;
    }

    @Command(name = "consents", description = "List what a user allowed third-party clients.")
    int consents(@Parameters(paramLabel = "USER") String user) {
        AdminClient client = admin.client();
        admin.print(client.get("/users/" + AdminClient.enc(admin.userId(client, user)) + "/consents", Map.of()));
        return 0;
    }

    @Command(name = "revoke-consent", description = "Revoke a user's consent to a client: the client asks again at its"
            + " next sign-in, and its refresh tokens for the user stop working.")
    int revokeConsent(@Parameters(index = "0", paramLabel = "USER") String user,
                      @Parameters(index = "1", paramLabel = "CLIENT_ID") String clientId) {
        AdminClient client = admin.client();
        client.call("DELETE", "/users/" + AdminClient.enc(admin.userId(client, user)) + "/consents/"
                + AdminClient.enc(clientId), null);
        admin.done("revoked the consent of " + user + " to " + clientId);
        return 0;
    }
}

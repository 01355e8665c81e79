package dev.gatehouse.app.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List and revoke login sessions.")
final class SessionsCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "List a user's sessions.")
    int list(@Parameters(paramLabel = "USER") String user) {
        AdminClient client = admin.client();
        admin.print(client.get("/users/" + AdminClient.enc(admin.userId(client, user)) + "/sessions", java.util.Map.of()));
        return 0;
    }

    @Command(name = "revoke", description = "Revoke one session and every token of it.")
    int revoke(@Parameters(paramLabel = "SESSION_ID") String sessionId) {
        admin.client().call("DELETE", "/sessions/" + AdminClient.enc(sessionId), null);
        admin.done("revoked session " + sessionId);
        return 0;
    }

    @Command(name = "revoke-all", description = "Revoke every session of a user.")
    int revokeAll(@Parameters(paramLabel = "USER") String user) {
        AdminClient client = admin.client();
        client.call("DELETE", "/users/" + AdminClient.enc(admin.userId(client, user)) + "/sessions", null);
        admin.done("revoked every session of " + user);
        return 0;
    }
}

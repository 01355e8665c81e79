package dev.gatehouse.app.admin;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "List and rotate signing keys.")
final class KeysCommand {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "List signing keys and their state.")
    int list() {
        admin.print(admin.client().get("/keys", Map.of()));
        return 0;
    }

    @Command(name = "rotate", description = "Create a new signing key; it is published before it signs.")
    int rotate(@Option(names = "--algorithm", defaultValue = "ES256", description = "ES256, EdDSA or RS256") String algorithm) {
        admin.print(admin.client().call("POST", "/keys/rotate", Map.of("algorithm", algorithm)));
        return 0;
    }
}

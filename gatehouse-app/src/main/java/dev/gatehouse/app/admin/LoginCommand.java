package dev.gatehouse.app.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to the issuer and keep the tokens for the other admin commands",
                "(in $XDG_CONFIG_HOME/gatehouse/credentials.json, owner-only), or print the access token."})
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--username", paramLabel = "NAME", defaultValue = "admin", description = "default: admin")
    String username;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--print", description = "print the access token instead of storing the login")
    boolean print;

    @Override
    public Integer call() {
        URI base = admin.baseUrl(Optional.empty());
        String password = admin.passwordOnce(passwordStdin, "Password for " + username);
        JsonNode tokens = AdminClient.login(base, username, password);
        String access = AdminClient.text(tokens, "access_token")
                .orElseThrow(() -> new AdminException("the login response holds no access_token"));
        if (print) {
            admin.done(access);
            return 0;
        }
        CredentialsFile file = admin.credentialsFile();
        file.write(new Credentials(base.toString(), username, access,
                AdminClient.text(tokens, "refresh_token").orElse(null)));
        admin.done("Logged in to " + base + " as " + username + "; login kept in " + file.path());
        return 0;
    }
}

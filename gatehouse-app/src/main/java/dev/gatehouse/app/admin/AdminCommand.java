package dev.gatehouse.app.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.app.Launch;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Administer a running issuer through its admin API (/admin/v1).",
                "Log in first with 'admin login', or set GATEHOUSE_TOKEN to an access token."},
        subcommands = {LoginCommand.class, UsersCommand.class, ClientsCommand.class, SessionsCommand.class,
                KeysCommand.class, AuditCommand.class})
public final class AdminCommand {
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    final Launch launch;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "issuer URL (default: the stored login's, else GATEHOUSE_URL, else " + DEFAULT_URL + ")")
    String url;

    public AdminCommand(Launch launch) {
        this.launch = launch;
    }

    CredentialsFile credentialsFile() {
        return CredentialsFile.forUser(launch.env());
    }

    /** The issuer URL without a trailing slash. */
    URI baseUrl(Optional<Credentials> stored) {
        String chosen = url != null ? url
                : launch.env().get("GATEHOUSE_URL") != null ? launch.env().get("GATEHOUSE_URL")
                : stored.map(Credentials::url).orElse(DEFAULT_URL);
        return URI.create(chosen.endsWith("/") ? chosen.substring(0, chosen.length() - 1) : chosen);
    }

    AdminClient client() {
        String token = launch.env().get("GATEHOUSE_TOKEN");
        CredentialsFile file = credentialsFile();
        if (token != null && !token.isBlank()) {
            URI base = baseUrl(Optional.empty());
            return new AdminClient(base, new Credentials(base.toString(), null, token.trim(), null), null);
        }
        Optional<Credentials> stored = file.read();
        URI base = baseUrl(stored);
        if (stored.isEmpty()) {
            throw new AdminException("not logged in: run 'gatehouse admin login' or set GATEHOUSE_TOKEN");
        }
        if (!URI.create(stored.get().url()).equals(base)) {
            throw new AdminException("the stored login is for " + stored.get().url() + ", not " + base
                    + ": run 'gatehouse admin login --url " + base + "'");
        }
        return new AdminClient(base, stored.get(), file);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void print(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        try {
            out().println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out().flush();
    }

    void done(String message) {
        out().println(message);
        out().flush();
    }

    /** A user argument is an id or a username; a username is looked up. */
    String userId(AdminClient client, String user) {
        if (UUID.matcher(user).matches()) {
            return user;
        }
        JsonNode page = client.get("/users", Map.of("search", user, "limit", "200"));
        for (JsonNode item : page.path("items")) {
            if (user.equalsIgnoreCase(item.path("username").asText())) {
                return item.path("id").asText();
            }
        }
        throw new AdminException("no user named " + user);
    }

    /** A password from standard input (first line) or typed twice at the terminal. */
    String password(boolean fromStdin, String prompt) {
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(launch.in(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new AdminException("no password on standard input");
                }
                return line;
            } catch (IOException e) {
                throw new AdminException("cannot read standard input: " + e.getMessage());
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new AdminException("no terminal to ask for the password: use --password-stdin");
        }
        char[] first = console.readPassword("%s: ", prompt);
        char[] second = console.readPassword("%s (again): ", prompt);
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new AdminException("the passwords do not match");
        }
        return new String(first);
    }

    /** A password typed once (for login). */
    String passwordOnce(boolean fromStdin, String prompt) {
        if (fromStdin) {
            return password(true, prompt);
        }
        Console console = System.console();
        if (console == null) {
            throw new AdminException("no terminal to ask for the password: use --password-stdin");
        }
        char[] typed = console.readPassword("%s: ", prompt);
        if (typed == null || typed.length == 0) {
            throw new AdminException("no password given");
        }
        return new String(typed);
    }
}

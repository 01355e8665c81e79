package dev.gatehouse.app;

import dev.gatehouse.app.admin.AdminCommand;
import dev.gatehouse.app.admin.AdminException;
import dev.gatehouse.app.config.ConfigException;
import dev.gatehouse.app.config.LogFormat;
import dev.gatehouse.app.config.Setting;
import dev.gatehouse.app.demo.DemoCommand;
import dev.gatehouse.app.gateway.GatewayCommand;
import dev.gatehouse.app.provisioning.ProvisioningException;
import dev.gatehouse.app.serve.ServeCommand;
import dev.gatehouse.gateway.GatewayConfigException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatehouse} command line. */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Authentication for a fleet of services: OAuth 2.1 / OpenID Connect issuer and gateway.",
        subcommands = {ServeCommand.class, GatewayCommand.class, DemoCommand.class, AdminCommand.class, VersionCommand.class})
public final class Main {
    /** Exit code of a refused start or an invalid setting. */
    public static final int EXIT_CONFIG = 2;

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String format = env.getOrDefault(Setting.LOG_FORMAT.envVar(), "plain");
        try {
            LogFormat.parse(format).install();
        } catch (IllegalArgumentException e) {
            System.err.println("gatehouse: invalid log-format \"" + format + "\" (from environment variable "
                    + Setting.LOG_FORMAT.envVar() + "): expected plain or json");
            System.exit(EXIT_CONFIG);
        }
        System.exit(run(Launch.ofProcess(), args));
    }

    public static int run(Launch launch, String[] args) {
        return commandLine(launch).execute(args);
    }

    public static CommandLine commandLine(Launch launch) {
        CommandLine cmd = new CommandLine(new Main(), new Factory(launch));
        ServeCommand.addSettingOptions(cmd.getSubcommands().get("serve").getCommandSpec());
        cmd.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            int code = switch (e) {
                case ConfigException c -> {
                    err.println("gatehouse: " + c.getMessage());
                    yield EXIT_CONFIG;
                }
                case GatewayConfigException g -> {
                    err.println("gatehouse: " + g.getMessage());
                    yield EXIT_CONFIG;
                }
                case ProvisioningException p -> {
                    err.println("gatehouse: " + p.getMessage());
                    yield EXIT_CONFIG;
                }
                case AdminException a -> {
                    err.println("gatehouse: " + a.getMessage());
                    yield 1;
                }
                default -> {
                    err.println("gatehouse: unexpected error: " + e);
                    e.printStackTrace(err);
                    yield 1;
                }
            };
            err.flush();
            return code;
        });
        return cmd;
    }

    private record Factory(Launch launch) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getConstructor(Launch.class).newInstance(launch);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}

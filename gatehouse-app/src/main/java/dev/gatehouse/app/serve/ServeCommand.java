package dev.gatehouse.app.serve;

import dev.gatehouse.app.Launch;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.config.Setting;
import dev.gatehouse.app.config.Settings;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the issuer.",
                "Settings come from built-in defaults < the config file < GATEHOUSE_* environment variables < flags."})
public final class ServeCommand implements Callable<Integer> {
    private final Launch launch;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (or GATEHOUSE_CONFIG)")
    Path config;

    public ServeCommand(Launch launch) {
        this.launch = launch;
    }

    /** One flag per setting that may be given on the command line, generated from {@link Setting}. */
    public static void addSettingOptions(CommandSpec spec) {
        for (Setting s : Setting.values()) {
            if (!s.allowedFrom(Setting.Source.FLAG)) {
                continue;
            }
            OptionSpec.Builder option = OptionSpec.builder(s.flag())
                    .type(String.class)
                    .paramLabel(s.paramLabel())
                    .description(s.description() + " (default: " + s.defaultText() + "; env " + s.envVar() + ")");
            if (s == Setting.DEV || s == Setting.TLS_SELF_SIGNED || s == Setting.HSTS_INCLUDE_SUBDOMAINS) {
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option.build());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        GatehouseConfig cfg = GatehouseConfig.from(Settings.load(launch.env(), flags(), config));
        Gatehouse gatehouse = Gatehouse.start(cfg, launch.env(), spec.commandLine().getOut(), launch.clock());
        Thread hook = new Thread(gatehouse::close, "gatehouse-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        launch.started().accept(gatehouse);
        gatehouse.awaitClosed();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself closed the node
        }
        return 0;
    }

    private Map<Setting, String> flags() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (s.allowedFrom(Setting.Source.FLAG) && parsed.hasMatchedOption(s.flag())) {
                flags.put(s, parsed.matchedOptionValue(s.flag(), ""));
            }
        }
        return flags;
    }
}

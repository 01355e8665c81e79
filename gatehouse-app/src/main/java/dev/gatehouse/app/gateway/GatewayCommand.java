package dev.gatehouse.app.gateway;

import dev.gatehouse.app.Launch;
import dev.gatehouse.app.config.ConfigException;
import dev.gatehouse.app.config.Settings;
import dev.gatehouse.gateway.GatewayConfig;
import dev.gatehouse.gateway.GatewayNode;
import dev.gatehouse.gateway.GatewayYaml;
import dev.gatehouse.gateway.IssuerLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the gateway: a reverse proxy that verifies access tokens per route and forwards the "
                + "verified identity.",
                "Configured by the gateway: section of a YAML file (docs/gateway.md), with GATEHOUSE_GATEWAY_* "
                + "environment variables over single keys; the revocation feed client's secret comes from "
                + IssuerLink.SECRET_ENV + "."})
public final class GatewayCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

    private final Launch launch;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with a gateway: section (or GATEHOUSE_CONFIG)")
    Path config;

    public GatewayCommand(Launch launch) {
        this.launch = launch;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path file = config != null ? config
                : launch.env().containsKey(Settings.CONFIG_ENV) ? Path.of(launch.env().get(Settings.CONFIG_ENV).trim()) : null;
        if (file == null || !Files.isRegularFile(file)) {
            throw new ConfigException("gateway: a config file is required (--config FILE or " + Settings.CONFIG_ENV
                    + (file == null ? ")" : "); " + file + " does not exist"));
        }
        GatewayYaml.Settings settings = GatewayYaml.read(file, launch.env());
        GatewayConfig gateway = settings.gateway();
        IssuerLink issuer = settings.issuer();
        String secret = launch.env().get(IssuerLink.SECRET_ENV);
        if (secret == null || secret.isBlank()) {
            throw new ConfigException("gateway: environment variable " + IssuerLink.SECRET_ENV + " must hold the secret of "
                    + "client " + issuer.clientId() + ", which reads the issuer's revocation feed");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        GatewayNode node;
        try {
            node = GatewayNode.start(gateway, issuer, secret);
        } catch (RuntimeException e) {
            // the issuer unreachable or not the one named, the port taken: an operator's problem, not a crash
            spec.commandLine().getErr().println("gatehouse: gateway could not start: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "gateway-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("Gatehouse gateway listening on {}:{} for issuer {} ({} routes; revocation feed {})", gateway.host(),
                node.port(), issuer.url(), gateway.routes().size(), node.status().state());
        stopped.await();
        return 0;
    }
}

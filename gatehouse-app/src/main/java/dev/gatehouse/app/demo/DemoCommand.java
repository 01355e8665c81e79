package dev.gatehouse.app.demo;

import dev.gatehouse.app.Launch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole path on this machine: issuer, gateway, two sample services and a web application"
                + " that signs people in through the issuer's pages, with a demo user.",
                "Prints where each listens, the credentials and a copy-paste walkthrough. Data is thrown away on exit."})
public final class DemoCommand implements Callable<Integer> {
    private final Launch launch;

    @Spec
    CommandSpec spec;

    @Option(names = "--issuer-port", paramLabel = "PORT", defaultValue = "9000", description = "issuer port (default: ${DEFAULT-VALUE})")
    int issuerPort;

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "8000", description = "gateway port (default: ${DEFAULT-VALUE})")
    int gatewayPort;

    @Option(names = "--webapp-port", paramLabel = "PORT", defaultValue = "8800",
            description = "demo web application port (default: ${DEFAULT-VALUE})")
    int webAppPort;

    public DemoCommand(Launch launch) {
        this.launch = launch;
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path data = Files.createTempDirectory("gatehouse-demo");
        CountDownLatch stopped = new CountDownLatch(1);
        Demo demo;
        try {
            demo = Demo.start(data.resolve("data"), issuerPort, gatewayPort, webAppPort, out, launch.clock());
        } catch (RuntimeException e) {
            delete(data);
            throw e;
        }
        Thread hook = new Thread(() -> {
            demo.close();
            delete(data);
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(demo.walkthrough());
        out.flush();
        stopped.await();
        return 0;
    }

    private static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

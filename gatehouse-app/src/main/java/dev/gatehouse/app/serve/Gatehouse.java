package dev.gatehouse.app.serve;

import dev.gatehouse.app.config.ConfigException;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.config.KeyEncryptionKeys;
import dev.gatehouse.app.config.Setting;
import dev.gatehouse.app.config.TransportConfig;
import dev.gatehouse.app.provisioning.Provisioning;
import dev.gatehouse.app.provisioning.ProvisioningFile;
import dev.gatehouse.app.provisioning.ProvisioningPlan;
import dev.gatehouse.server.Issuer;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.pages.InvalidPagesException;
import dev.gatehouse.store.jdbc.JdbcStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Gatehouse node: database, issuer, provisioning and first administrator, started in that
 * order and stopped in reverse.
 */
public final class Gatehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gatehouse.class);

    private final JdbcStores jdbc;
    private final Issuer issuer;
    private final CountDownLatch closed = new CountDownLatch(1);

    private Gatehouse(JdbcStores jdbc, Issuer issuer) {
        this.jdbc = jdbc;
        this.issuer = issuer;
    }

    /**
     * @param env the environment provisioning reads {@code secret_env} and {@code password_env} from
     * @param out where a generated one-time administrator password is printed
     * @throws ConfigException or {@link dev.gatehouse.app.provisioning.ProvisioningException} before anything listens
     */
    public static Gatehouse start(GatehouseConfig config, Map<String, String> env, PrintWriter out, Clock clock) {
        if (config.dev()) {
            createPrivateDirectory(config.storage().dataDir()); // the generated dev key is kept in it
        }
        KeyEncryptionKeys.Resolved kek = KeyEncryptionKeys.resolve(config.keys(), config.storage().dataDir());
        config.transport().refuseInsecure(config.dev(), config.server().issuer());
        createPrivateDirectory(config.storage().dataDir());
        TransportConfig.Resolved transport = config.transport().resolve(config.storage().dataDir(), clock);
        if (config.dev()) {
            LOG.warn(DevModeBanner.text(kek, transport));
        }
        Optional<ProvisioningPlan> plan = config.bootstrap().provisioningFile().map(file -> {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("provisioning " + file + ": file does not exist");
            }
            return ProvisioningFile.parse(file, env);
        });
        String url = config.storage().databaseUrl().orElseGet(() -> JdbcStores.h2FileUrl(config.storage().dataDir()));
        JdbcStores jdbc = JdbcStores.open(url, config.storage().databaseUser(), config.storage().databasePassword(),
                config.storage().timeouts());
        Issuer issuer = null;
        try {
            boolean noUsers = jdbc.stores().users().list(null, 0, 1).total() == 0;
            issuer = Issuer.start(config.issuerConfig(kek.keyEncryption(), transport.security()), jdbc.stores(), clock, services -> {
                if (plan.isPresent()) {
                    Provisioning.Result result = new Provisioning(services).apply(plan.get());
                    LOG.info("provisioning {} applied: {} of {} clients and {} of {} users written", plan.get().file(),
                            result.clientsWritten(), plan.get().clients().size(), result.usersWritten(),
                            plan.get().users().size());
                }
                if (noUsers) {
                    new BootstrapAdmin(config.bootstrap(), services.users(), out).run(plan);
                }
            });
            return new Gatehouse(jdbc, issuer);
        } catch (RuntimeException e) {
            if (issuer != null) {
                issuer.close();
            }
            jdbc.close();
            if (e instanceof InvalidPagesException pages) {
                throw new ConfigException(Setting.PAGES_DIRECTORY.key() + ": " + pages.getMessage(), pages);
            }
            throw e;
        }
    }

    /**
     * The data directory holds the database (password hashes, audit log) and in dev mode the key-encryption
     * key: a new one is created readable by its owner only, an existing one that others can read is reported.
     */
    static void createPrivateDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
                    if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                        LOG.warn("data-dir {} is accessible to other users ({}); chmod 700 it", dir,
                                PosixFilePermissions.toString(perms));
                    }
                }
                return;
            }
            Files.createDirectories(dir.toAbsolutePath().getParent());
            if (dir.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw new ConfigException("data-dir " + dir + ": cannot create: " + e.getMessage());
        }
    }

    public int port() {
        return issuer.port();
    }

    public IssuerServices services() {
        return issuer.services();
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            issuer.close();
        } finally {
            jdbc.close();
            closed.countDown();
            LOG.info("Gatehouse stopped");
        }
    }
}

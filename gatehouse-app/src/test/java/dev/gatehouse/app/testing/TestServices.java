package dev.gatehouse.app.testing;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.store.jdbc.JdbcStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The issuer's services without HTTP, over a real H2 file database in {@code dataDir}; reopenable. */
public final class TestServices implements AutoCloseable {
    /** Cheapest Argon2id parameters the configuration accepts; tests do not measure hashing. */
    public static final PasswordConfig CHEAP_PASSWORDS = new PasswordConfig(8 * 1024, 1, 1);
    private static final String KEK = KeyEncryption.generateKey();

    private final Path dataDir;
    private final JdbcStores jdbc;
    private final IssuerServices services;

    private TestServices(Path dataDir) {
        this.dataDir = dataDir;
        this.jdbc = JdbcStores.open(JdbcStores.h2FileUrl(dataDir), "", "");
        IssuerConfig config = new IssuerConfig("127.0.0.1", 0, 64 * 1024,
                TokenConfig.defaults(URI.create("http://127.0.0.1:8080")), CHEAP_PASSWORDS, ThrottleConfig.defaults(),
                KeyEncryption.fromBase64(KEK));
        this.services = IssuerServices.wire(config, jdbc.stores(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                IssuerMetrics.NONE, Clock.systemUTC());
    }

    public static TestServices open(Path dataDir) {
        return new TestServices(dataDir);
    }

    /** Closes the database and opens it again, as a restart would. */
    public TestServices reopen() {
        close();
        return new TestServices(dataDir);
    }

    public IssuerServices services() {
        return services;
    }

    public List<AuditEvent> audit() {
        return services.stores().audit().query(new AuditQuery(null, null, null, null, 1000));
    }

    @Override
    public void close() {
        jdbc.close();
    }
}

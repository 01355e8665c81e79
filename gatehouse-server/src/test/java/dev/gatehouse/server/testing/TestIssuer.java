package dev.gatehouse.server.testing;

import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.PasswordConfig;
import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.KeyEncryption;
import dev.gatehouse.core.store.Stores;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.Issuer;
import dev.gatehouse.server.IssuerConfig;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.store.jdbc.JdbcStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real issuer on a free local port, over a real H2 file database in {@code dataDir} (or another database
 * given to {@link #start(Supplier)}). Restarting keeps the database, the key-encryption key and the port, as
 * a restarted production node would.
 */
public final class TestIssuer implements AutoCloseable {
    /** Cheapest Argon2id parameters the configuration accepts; tests do not measure hashing. */
    public static final PasswordConfig TEST_PASSWORDS = new PasswordConfig(8 * 1024, 1, 1);

    private final Supplier<JdbcStores> database;
    private final MutableClock clock;
    private final IssuerConfig config;
    private final UnaryOperator<Stores> stores;
    private final JdbcStores jdbc;
    private final Issuer issuer;

    private TestIssuer(Supplier<JdbcStores> database, MutableClock clock, IssuerConfig config) {
        this(database, clock, config, UnaryOperator.identity());
    }

    private TestIssuer(Supplier<JdbcStores> database, MutableClock clock, IssuerConfig config,
                       UnaryOperator<Stores> stores) {
        this.database = database;
        this.clock = clock;
        this.config = config;
        this.stores = stores;
        this.jdbc = database.get();
        this.issuer = Issuer.start(config, stores.apply(jdbc.stores()), clock);
    }

    public static TestIssuer start(Path dataDir) {
        return start(dataDir, MutableClock.startingNow(), UnaryOperator.identity());
    }

    public static TestIssuer start(Path dataDir, MutableClock clock, UnaryOperator<TokenConfig> tokens) {
        return start(h2(dataDir), clock, tokens, TransportSecurity.plainHttp());
    }

    /** An issuer over the stores {@code database} opens, at start and at each restart (PostgreSQL, say). */
    public static TestIssuer start(Supplier<JdbcStores> database) {
        return start(database, MutableClock.startingNow(), UnaryOperator.identity(), TransportSecurity.plainHttp());
    }

    /** An issuer listening as {@code transport} says; its URL is https unless that is plain HTTP. */
    public static TestIssuer start(Path dataDir, TransportSecurity transport) {
        return start(h2(dataDir), MutableClock.startingNow(), UnaryOperator.identity(), transport);
    }

    private static TestIssuer start(Supplier<JdbcStores> database, MutableClock clock, UnaryOperator<TokenConfig> tokens,
                                    TransportSecurity transport) {
        int port = freePort();
        URI issuer = URI.create(transport.publicScheme() + "://127.0.0.1:" + port);
        IssuerConfig config = new IssuerConfig("127.0.0.1", port, 64 * 1024,
                tokens.apply(TokenConfig.defaults(issuer)), TEST_PASSWORDS, ThrottleConfig.defaults(),
                KeyEncryption.fromBase64(KeyEncryption.generateKey()), transport);
        return new TestIssuer(database, clock, config);
    }

    private static Supplier<JdbcStores> h2(Path dataDir) {
        return () -> JdbcStores.open(JdbcStores.h2FileUrl(dataDir), "", "");
    }

    /** An issuer on plain HTTP whose default test configuration {@code change} adjusts (request limits, listeners). */
    public static TestIssuer start(Path dataDir, UnaryOperator<IssuerConfig> change) {
        int port = freePort();
        URI issuer = URI.create("http://127.0.0.1:" + port);
        IssuerConfig config = new IssuerConfig("127.0.0.1", port, 64 * 1024, TokenConfig.defaults(issuer), TEST_PASSWORDS,
                ThrottleConfig.defaults(), KeyEncryption.fromBase64(KeyEncryption.generateKey()), TransportSecurity.plainHttp());
        return new TestIssuer(h2(dataDir), MutableClock.startingNow(), change.apply(config));
    }

    /**
     * An issuer on plain HTTP whose default test configuration {@code change} adjusts and whose stores {@code stores}
     * replaces some of (a recording fake, say).
     */
    public static TestIssuer start(Path dataDir, UnaryOperator<IssuerConfig> change, UnaryOperator<Stores> stores) {
        int port = freePort();
        URI issuer = URI.create("http://127.0.0.1:" + port);
        IssuerConfig config = new IssuerConfig("127.0.0.1", port, 64 * 1024, TokenConfig.defaults(issuer), TEST_PASSWORDS,
                ThrottleConfig.defaults(), KeyEncryption.fromBase64(KeyEncryption.generateKey()), TransportSecurity.plainHttp());
        return new TestIssuer(h2(dataDir), MutableClock.startingNow(), change.apply(config), stores);
    }

    /** Stops this issuer and starts a new one on the same database, key-encryption key and port. */
    public TestIssuer restart() {
        close();
        return new TestIssuer(database, clock, config);
    }

    /** Like {@link #restart()}, with other Argon2id parameters, as after a configuration change. */
    public TestIssuer restart(PasswordConfig passwords) {
        close();
        return new TestIssuer(database, clock, new IssuerConfig(config.host(), config.port(), config.maxBodyBytes(),
                config.tokens(), passwords, config.throttle(), config.keyEncryption(), config.transport(),
                config.requests(), config.management(), config.pages(), config.browserSessions(),
                config.backchannelLogout()));
    }

    /** Like {@link #restart()}, on another port and so under another public issuer URL. */
    public TestIssuer restartOnAnotherPort() {
        close();
        int port = freePort();
        var t = config.tokens();
        TokenConfig tokens = new TokenConfig(URI.create(config.transport().publicScheme() + "://127.0.0.1:" + port), t.accessTokenTtl(), t.maxAccessTokenTtl(),
                t.idTokenTtl(), t.refreshIdleTtl(), t.refreshAbsoluteTtl(), t.signingAlgorithm(), t.keyPrePublish());
        return new TestIssuer(database, clock, new IssuerConfig(config.host(), port, config.maxBodyBytes(), tokens,
                config.passwords(), config.throttle(), config.keyEncryption(), config.transport(), config.requests(),
                config.management(), config.pages(), config.browserSessions(), config.backchannelLogout()));
    }

    /**
     * Another issuer node on the same database, key-encryption key and public issuer URL, listening on a port
     * of its own, as a second node behind one load balancer would. Close it on its own.
     */
    public TestIssuer secondNode() {
        return new TestIssuer(database, clock, new IssuerConfig(config.host(), freePort(), config.maxBodyBytes(),
                config.tokens(), config.passwords(), config.throttle(), config.keyEncryption(), config.transport(),
                config.requests(), config.management(), config.pages(), config.browserSessions(),
                config.backchannelLogout()));
    }

    /**
     * Where this node listens; {@link #baseUri()} is the public issuer URL, the same for every node, and the
     * proxy's when the node sits behind trusted proxies.
     */
    public URI nodeUri() {
        return URI.create((config.transport().https() ? "https" : "http") + "://127.0.0.1:" + config.port());
    }

    /** Closes the database under the running issuer, as an outage would. */
    public void closeDatabase() {
        jdbc.close();
    }

    public URI baseUri() {
        return config.tokens().issuer();
    }

    public URI uri(String path) {
        return URI.create(baseUri() + path);
    }

    public MutableClock clock() {
        return clock;
    }

    /** The management listener's port, or -1 when there is none. */
    public int managementPort() {
        return issuer.managementPort();
    }

    public IssuerServices services() {
        return issuer.services();
    }

    public IssuerConfig config() {
        return config;
    }

    /** Registers a client; returns its generated secret (null for public clients). */
    public String register(OAuthClient client) {
        return services().clients().create(client, "test").secret();
    }

    public User createUser(String username, String password, Set<String> roles) {
        return services().users().create(username, password, roles, "test");
    }

    @Override
    public void close() {
        issuer.close();
        jdbc.close();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

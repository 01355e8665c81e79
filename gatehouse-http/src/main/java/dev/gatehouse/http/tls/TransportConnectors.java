package dev.gatehouse.http.tls;

import dev.gatehouse.http.ManagementListener;
import dev.gatehouse.http.ManagementPaths;
import dev.gatehouse.http.RequestLimits;
import dev.gatehouse.http.SlowClientGuard;
import dev.gatehouse.http.StrictRequests;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import java.util.function.Predicate;

/**
 * Builds the one listener of a Gatehouse Jetty server (the issuer's under Javalin, the gateway's on plain
 * Jetty) from its {@link TransportSecurity}.
 */
public final class TransportConnectors {
    /** The name of the management listener's connector. */
    public static final String MANAGEMENT = "management";

    private TransportConnectors() {}

    /**
     * The connector for {@code security}, not yet added to {@code server}: the caller adds it
     * ({@code server.addConnector(c)}, or returns it from Javalin's {@code cfg.jetty.addConnector}).
     * Call it once the server's handler is set and before the server starts, because it may also:
     * <ul>
     *   <li>for TLS, load and check the certificate and key now (a {@link CertificateFileException} names the
     *       bad file) and register a watcher bean on the server that reloads them when they change;</li>
     *   <li>for plain HTTP behind trusted proxies, wrap the server's handler so that other peers get 403.</li>
     * </ul>
     *
     * @param base the server's HTTP settings, copied; forwarding and HSTS customizers are added to the copy
     * @param host address to listen on, null for all
     * @param port port to listen on, 0 for a free one
     */
    public static ServerConnector create(Server server, HttpConfiguration base, TransportSecurity security,
                                         String host, int port) {
        return create(server, base, security, RequestLimits.DEFAULTS, host, port);
    }

    /**
     * Like {@link #create(Server, HttpConfiguration, TransportSecurity, String, int)}, and every request on it is
     * parsed strictly (RFC 9110/9112: a bare LF does not end a line), refused when {@link StrictRequests} says so,
     * and dropped when it arrives slower than {@code limits} allow ({@link SlowClientGuard}).
     */
    public static ServerConnector create(Server server, HttpConfiguration base, TransportSecurity security,
                                         RequestLimits limits, String host, int port) {
        HttpConfiguration http = new HttpConfiguration(base);
        http.setHttpCompliance(HttpCompliance.STRICT);
        http.addCustomizer(new StrictRequests(limits.maxHeaderCount()));
        if (!security.trustedProxies().isEmpty()) {
            http.addCustomizer(new TrustedForwardedCustomizer(security.trustedProxies()));
        }
        ServerConnector connector;
        if (security.https()) {
            PemTls tls = PemTls.load(security.tls().certificate(), security.tls().privateKey());
            http.setSecureScheme("https");
            http.setSecurePort(port);
            // one certificate per listener: the SNI host check guards virtual hosts this server does not have,
            // and would refuse clients that reach it by an address the certificate does not name
            http.addCustomizer(new SecureRequestCustomizer(false));
            http.addCustomizer(new HstsCustomizer(security.hsts()));
            connector = new ServerConnector(server,
                    new SslConnectionFactory(tls.sslContextFactory(), "http/1.1"), new HttpConnectionFactory(http));
            server.addBean(tls.watcher(security.tls().reloadInterval()));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
            if (!security.trustedProxies().isEmpty()) {
                http.addCustomizer(new HstsCustomizer(security.hsts()));
                guard(server, new TrustedPeersOnly(security.trustedProxies(), connector));
            }
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.addBean(new SlowClientGuard(connector, limits));
        return connector;
    }

    /**
     * The management listener: plain HTTP on {@code listener}, parsed and bounded as the main one, serving only the
     * paths {@code servedThere} accepts; the main listener stops serving those {@code onlyThere} accepts. Like
     * {@link #create}, call it once the server's handler is set, and add the connector it returns.
     */
    public static ServerConnector management(Server server, HttpConfiguration base, RequestLimits limits,
                                             ManagementListener listener, Predicate<String> servedThere,
                                             Predicate<String> onlyThere) {
        HttpConfiguration http = new HttpConfiguration(base);
        http.setHttpCompliance(HttpCompliance.STRICT);
        http.addCustomizer(new StrictRequests(limits.maxHeaderCount()));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setName(MANAGEMENT);
        connector.setHost(listener.host());
        connector.setPort(listener.port());
        connector.addBean(new SlowClientGuard(connector, limits));
        guard(server, ManagementPaths.of(connector, servedThere, onlyThere));
        return connector;
    }

    private static void guard(Server server, Handler.Wrapper guard) {
        guard.setHandler(server.getHandler());
        server.setHandler(guard);
    }
}

package dev.gatehouse.app.demo;

import dev.gatehouse.app.config.ConfigException;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.config.Setting;
import dev.gatehouse.app.config.Settings;
import dev.gatehouse.app.serve.Gatehouse;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.gateway.GatewayConfig;
import dev.gatehouse.gateway.GatewayNode;
import dev.gatehouse.gateway.IssuerLink;
import dev.gatehouse.gateway.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole path on one machine: an issuer on an embedded database, a gateway following its revocation feed,
 * and two sample services behind the gateway, with a demo user and clients whose secrets are generated at every
 * start. Everything listens on 127.0.0.1 only.
 */
public final class Demo implements AutoCloseable {
    public static final String USERNAME = "demo";
    public static final String WEB_CLIENT = "demo-web";
    public static final String SERVICE_CLIENT = "demo-service";
    public static final String WEBAPP_CLIENT = "demo-webapp";
    static final String GATEWAY_CLIENT = "demo-gateway";
    private static final String HOST = "127.0.0.1";

    private final List<AutoCloseable> parts;
    private final Gatehouse issuer;
    private final GatewayNode gateway;
    private final SampleService orders;
    private final SampleService profile;
    private final DemoWebApp webApp;
    private final String password;
    private final String serviceSecret;

    private Demo(List<AutoCloseable> parts, Gatehouse issuer, GatewayNode gateway, SampleService orders,
                 SampleService profile, DemoWebApp webApp, String password, String serviceSecret) {
        this.parts = parts;
        this.issuer = issuer;
        this.gateway = gateway;
        this.orders = orders;
        this.profile = profile;
        this.webApp = webApp;
        this.password = password;
        this.serviceSecret = serviceSecret;
    }

    /**
     * @param dataDir the issuer's data directory (database and dev key-encryption key)
     * @param webAppPort the demo web application's port, 0 for a free one
     * @param out     where the issuer prints its one-time administrator password
     */
    public static Demo start(Path dataDir, int issuerPort, int gatewayPort, int webAppPort, PrintWriter out, Clock clock) {
        String password = Secrets.randomBase64Url(12);
        String gatewaySecret = Secrets.newToken();
        String serviceSecret = Secrets.newToken();
        String webAppSecret = Secrets.newToken();
        Map<String, String> env = Map.of("DEMO_PASSWORD", password, "DEMO_GATEWAY_SECRET", gatewaySecret,
                "DEMO_SERVICE_SECRET", serviceSecret, "DEMO_WEBAPP_SECRET", webAppSecret);
        List<AutoCloseable> parts = new ArrayList<>();
        AtomicReference<URI> gatewayUrl = new AtomicReference<>();
        try {
            Files.createDirectories(dataDir);
            Path provisioning = dataDir.resolve("demo-provisioning.yaml");
            Map<Setting, String> flags = new EnumMap<>(Setting.class);
            flags.put(Setting.DEV, "true");
            flags.put(Setting.HOST, HOST);
            flags.put(Setting.PORT, Integer.toString(issuerPort));
            flags.put(Setting.DATA_DIR, dataDir.toString());
            flags.put(Setting.PROVISIONING, provisioning.toString());
            GatehouseConfig config = GatehouseConfig.from(Settings.load(Map.of(), flags, null));
            URI issuerUrl = config.tokens().issuer();
            // the web application before the issuer, so that its address (its redirect URI) goes into provisioning
            DemoWebApp webApp = DemoWebApp.start(HOST, webAppPort, issuerUrl, gatewayUrl::get, WEBAPP_CLIENT, webAppSecret);
            parts.add(webApp);
            try (InputStream in = Demo.class.getResourceAsStream("provisioning.yaml")) {
                Files.writeString(provisioning, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("@WEBAPP@", webApp.url().toString()));
            }
            Gatehouse issuer = Gatehouse.start(config, env, out, clock);
            parts.add(issuer);
            SampleService orders = SampleService.start("orders", 0);
            parts.add(orders);
            SampleService profile = SampleService.start("profile", 0);
            parts.add(profile);
            GatewayConfig gatewayConfig = GatewayConfig.of(HOST, gatewayPort, List.of(
                    Route.guarded(null, "/orders", upstream(orders), "orders").withScopes("orders.read"),
                    Route.guarded(null, "/profile", upstream(profile), "profile").withScopes("profile.read"),
                    Route.open(null, "/status", upstream(orders))));
            GatewayNode gateway = GatewayNode.start(gatewayConfig, IssuerLink.of(issuerUrl, GATEWAY_CLIENT), gatewaySecret);
            parts.add(gateway);
            gatewayUrl.set(URI.create("http://" + HOST + ":" + gateway.port()));
            if (!gateway.awaitFeed(Duration.ofSeconds(10))) {
                throw new ConfigException("demo: the gateway could not follow the issuer's revocation feed: "
                        + gateway.status().feedProblem());
            }
            return new Demo(parts, issuer, gateway, orders, profile, webApp, password, serviceSecret);
        } catch (IOException e) {
            closeAll(parts);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            closeAll(parts);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the demo", e);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    private static URI upstream(SampleService service) {
        return URI.create("http://" + HOST + ":" + service.port());
    }

    public URI issuerUrl() {
        return issuer.services().config().tokens().issuer();
    }

    public URI gatewayUrl() {
        return URI.create("http://" + HOST + ":" + gateway.port());
    }

    public String password() {
        return password;
    }

    public String serviceSecret() {
        return serviceSecret;
    }

    /** The demo web application's home page. */
    public URI webAppUrl() {
        return webApp.url();
    }

    public int ordersPort() {
        return orders.port();
    }

    public int profilePort() {
        return profile.port();
    }

    public GatewayNode gateway() {
        return gateway;
    }

    /**
     * Where everything listens, the browser path (the web application's link) and a copy-paste walkthrough:
     * login, call, refresh, revoke, refused.
     */
    public String walkthrough() {
        String gh = issuerUrl().toString();
        String gw = gatewayUrl().toString();
        return """

                Gatehouse demo is running (stop it with Ctrl-C; its data lives in a temporary directory)

                  issuer            %1$s
                  gateway           %2$s   routes /orders -> orders, /profile -> profile, /status (public)
                  orders service    http://127.0.0.1:%3$d   (trusts the gateway's X-Gatehouse-* headers)
                  profile service   http://127.0.0.1:%4$d
                  web application   %10$s   (client %11$s: signs people in through the issuer's pages)

                  demo user         %5$s / %6$s
                  web client        %7$s (public, first-party: logs users in)
                  service client    %8$s / %9$s (client_credentials, audience orders)

                In a browser: open %10$s , choose "Sign in", sign in as %5$s on the issuer's page,
                call the orders service through the gateway with your token, then "Log out everywhere".

                Walkthrough (needs curl and jq):

                  GH=%1$s GW=%2$s
                  # 1. log in and keep both tokens
                  TOKENS=$(curl -s -X POST $GH/api/v1/login -H 'Content-Type: application/json' \\
                    -d '{"username":"%5$s","password":"%6$s","client_id":"%7$s"}')
                  ACCESS=$(echo "$TOKENS" | jq -r .access_token); REFRESH=$(echo "$TOKENS" | jq -r .refresh_token)
                  # 2. call a service through the gateway: it sees who is calling
                  curl -s $GW/orders/42 -H "Authorization: Bearer $ACCESS" | jq
                  curl -si $GW/orders/42 | head -1                     # no token: 401
                  # 3. refresh: a new access token, the refresh token rotates
                  TOKENS=$(curl -s -X POST $GH/oauth2/token -d grant_type=refresh_token -d client_id=%7$s \\
                    --data-urlencode "refresh_token=$REFRESH")
                  ACCESS=$(echo "$TOKENS" | jq -r .access_token); REFRESH=$(echo "$TOKENS" | jq -r .refresh_token)
                  curl -s $GW/orders/42 -H "Authorization: Bearer $ACCESS" | jq .identity
                  # 4. revoke the login session (the refresh token ends it) ...
                  curl -s -X POST $GH/oauth2/revoke -d client_id=%7$s --data-urlencode "token=$REFRESH"
                  # 5. ... and the gateway refuses the same access token at once, long before it expires
                  curl -si $GW/orders/42 -H "Authorization: Bearer $ACCESS" | grep -i -e '^HTTP' -e www-authenticate
                """.formatted(gh, gw, orders.port(), profile.port(), USERNAME, password, WEB_CLIENT, SERVICE_CLIENT,
                serviceSecret, webApp.url(), WEBAPP_CLIENT);
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // stopping: the other parts still get closed
            }
        }
        parts.clear();
    }
}

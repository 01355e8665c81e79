package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.client.testing.RawHttp;
import dev.gatehouse.client.StrippedHeaders;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayWebSocketTest {
    static final String CHAT = "https://chat.test";

    TestIssuer issuer;
    Issued issued;
    EchoWebSocketUpstream upstream;
    Gateway gateway;
    WebSocketClient client;
    String secret;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        issuer = TestIssuer.start(dir);
        secret = issuer.register(TestClients.confidential("chatter").scope("chat").audience(CHAT).build());
        issued = new Issued(issuer);
        upstream = new EchoWebSocketUpstream();
        gateway = Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(
                        Route.guarded(null, "/chat", upstream.uri(), CHAT).withScopes("chat"),
                        Route.open(null, "/lobby", upstream.uri()).strippingPrefix(),
                        Route.open(null, "/dead", URI.create("http://127.0.0.1:" + GatewayProxyTest.freePort()))))
                        .withStrippedHeaders(StrippedHeaders.defaults().and(List.of("Cookie"))),
                issued.gate, () -> GatewayHealth.ready(Map.of()));
        client = new WebSocketClient();
        client.start();
    }

    @AfterAll
    void stop() throws Exception {
        client.stop();
        gateway.close();
        upstream.close();
        issuer.close();
    }

    @Test
    void webSocketWithATokenIsBridgedToTheUpstreamBothWays() throws Exception {
        Frames frames = new Frames();
        Session session = connect("/chat/room1", frames, "Bearer " + issued.token("chatter", secret, null));

        session.sendText("hello", Callback.NOOP);
        assertThat(frames.next()).isEqualTo("echo:hello");
        session.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), Callback.NOOP);
        assertThat(frames.next()).isEqualTo(List.of((byte) 1, (byte) 2, (byte) 3));
        session.close();
    }

    @Test
    void upstreamHandshakeCarriesTheVerifiedIdentityNotASpoofedOne() throws Exception {
        Frames frames = new Frames();
        ClientUpgradeRequest handshake = new ClientUpgradeRequest(wsUri("/chat/room1"));
        handshake.setHeader("Authorization", "Bearer " + issued.token("chatter", secret, null));
        handshake.setHeader("X-Gatehouse-Subject", "admin");
        Session session = client.connect(frames, handshake).get(10, TimeUnit.SECONDS);

        session.sendText("whoami", Callback.NOOP);

        assertThat(frames.next()).isEqualTo("chatter|/chat/room1");
        session.close();
    }

    @Test
    void webSocketWithoutATokenIsRefusedBeforeTheUpgrade() {
        assertThatThrownBy(() -> connect("/chat/room1", new Frames(), null))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpgradeException.class,
                        e -> assertThat(e.getResponseStatusCode()).isEqualTo(401));
    }

    @Test
    void webSocketWithAJunkTokenIsRefusedBeforeTheUpgrade() {
        assertThatThrownBy(() -> connect("/chat/room1", new Frames(), "Bearer junk"))
                .cause().isInstanceOfSatisfying(UpgradeException.class,
                        e -> assertThat(e.getResponseStatusCode()).isEqualTo(401));
    }

    @Test
    void publicWebSocketRouteNeedsNoTokenAndStripsIdentityHeaders() throws Exception {
        Frames frames = new Frames();
        ClientUpgradeRequest handshake = new ClientUpgradeRequest(wsUri("/lobby/main"));
        handshake.setHeader("X-Gatehouse-Subject", "admin");
        Session session = client.connect(frames, handshake).get(10, TimeUnit.SECONDS);

        session.sendText("whoami", Callback.NOOP);

        assertThat(frames.next()).isEqualTo("null|/main");
        session.close();
    }

    @Test
    void aHandshakeHeaderTheGatewayIsToldToStripDoesNotReachTheUpstream() throws Exception {
        Frames frames = new Frames();
        ClientUpgradeRequest handshake = new ClientUpgradeRequest(wsUri("/lobby/main"));
        handshake.setHeader("Cookie", "session=forged");
        Session session = client.connect(frames, handshake).get(10, TimeUnit.SECONDS);

        session.sendText("cookie", Callback.NOOP);

        assertThat(frames.next()).isEqualTo("null");
        session.close();
    }

    @Test
    void upstreamClosingTheWebSocketClosesTheCallersWithItsStatus() throws Exception {
        Frames frames = new Frames();
        Session session = connect("/lobby/x", frames, null);

        session.sendText("close", Callback.NOOP);

        assertThat(frames.next()).isEqualTo("closed:4001");
    }

    @Test
    void webSocketToAnUnreachableUpstreamIsAnsweredWithBadGateway() {
        assertThatThrownBy(() -> connect("/dead/x", new Frames(), null))
                .cause().isInstanceOfSatisfying(UpgradeException.class,
                        e -> assertThat(e.getResponseStatusCode()).isEqualTo(502));
    }

    @Test
    void webSocketWithAQueryTheUpstreamHandshakeCannotCarryIsRefusedAsABadRequest() throws Exception {
        for (String target : List.of("/lobby/x?q=100%", "/lobby/x?q=a|b", "/lobby/x?q={x}")) {
            try (RawHttp connection = RawHttp.connect(wsUri("/"))) {
                connection.send(upgrade(target));

                assertThat(connection.response()).as(target).startsWith("HTTP/1.1 400 ")
                        .contains("application/problem+json");
            }
        }
    }

    @Test
    void upgradesBeyondTheBoundOfPendingUpstreamHandshakesAreAnsweredServiceUnavailable() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        List<RawHttp> callers = new ArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
             Gateway g = Gateway.start(GatewayConfig.of("127.0.0.1", 0, List.of(Route.open(null, "/",
                             URI.create("http://127.0.0.1:" + blackhole.getLocalPort()))))
                     .withTimeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1))),
                     issued.gate, () -> GatewayHealth.ready(Map.of()))) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(blackhole.accept()); // and never answered
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            URI gatewayUri = URI.create("http://127.0.0.1:" + g.port());
            for (int i = 0; i < WebSocketBridge.MAX_PENDING_HANDSHAKES; i++) {
                RawHttp caller = RawHttp.connect(gatewayUri);
                callers.add(caller);
                caller.send(upgrade("/room" + i));
            }
            // each upgrade takes its place before the gateway connects to the upstream
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (held.size() < WebSocketBridge.MAX_PENDING_HANDSHAKES && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(held).hasSizeGreaterThanOrEqualTo(WebSocketBridge.MAX_PENDING_HANDSHAKES);

            try (RawHttp oneMore = RawHttp.connect(gatewayUri)) {
                oneMore.send(upgrade("/one-more"));

                assertThat(oneMore.response()).startsWith("HTTP/1.1 503 ").containsIgnoringCase("Retry-After: 1")
                        .contains("application/problem+json");
            }
        } finally {
            for (RawHttp caller : callers) {
                caller.close();
            }
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void anInvalidUpgradeIsRefusedAndCountedAsABadRequest() throws Exception {
        try (RawHttp connection = RawHttp.connect(wsUri("/"))) {
            connection.send("GET /lobby/x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");

            assertThat(connection.response()).startsWith("HTTP/1.1 400 ").contains("Not a valid WebSocket upgrade");
        }
        try (RawHttp connection = RawHttp.connect(wsUri("/"))) {
            connection.get("/__gatehouse/metrics");

            assertThat(connection.response()).containsPattern(
                    "gatehouse_gateway_requests_total\\{outcome=\"bad_request\",route=\"/lobby\"} [1-9]");
        }
    }

    static String upgrade(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    Session connect(String path, Frames frames, String authorization) throws Exception {
        ClientUpgradeRequest handshake = new ClientUpgradeRequest(wsUri(path));
        if (authorization != null) {
            handshake.setHeader("Authorization", authorization);
        }
        return client.connect(frames, handshake).get(10, TimeUnit.SECONDS);
    }

    URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + path);
    }

    /** What the caller receives: text as String, binary as a list of bytes, a close as "closed:status". */
    public static final class Frames implements Session.Listener.AutoDemanding {
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            List<Byte> bytes = new ArrayList<>();
            while (payload.hasRemaining()) {
                bytes.add(payload.get());
            }
            received.add(bytes);
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            received.add("closed:" + status);
            callback.succeed();
        }

        Object next() throws InterruptedException {
            Object next = received.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("a message within 10 s").isNotNull();
            return next;
        }
    }
}

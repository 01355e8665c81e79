package dev.gatehouse.gateway;

import java.net.URI;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An upstream WebSocket service: echoes text as {@code echo:<text>} and binary as is, answers {@code whoami} with
 * the identity and path of its handshake ({@code <X-Gatehouse-Subject>|<path>}), {@code cookie} with the handshake's
 * {@code Cookie} header, and {@code close} by closing with status 4001.
 */
final class EchoWebSocketUpstream implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    EchoWebSocketUpstream() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/*",
                (request, response, callback) -> new Echo(
                        request.getHeaders().get("X-Gatehouse-Subject") + "|" + request.getHttpURI().getPath(),
                        String.valueOf(request.getHeaders().get("Cookie"))))));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("upstream did not stop", e);
        }
    }

    public static final class Echo implements Session.Listener.AutoDemanding {
        private final String whoami;
        private final String cookie;
        private Session session;

        Echo(String whoami, String cookie) {
            this.whoami = whoami;
            this.cookie = cookie;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            switch (message) {
                case "whoami" -> session.sendText(whoami, Callback.NOOP);
                case "cookie" -> session.sendText(cookie, Callback.NOOP);
                case "close" -> session.close(4001, "asked to", Callback.NOOP);
                default -> session.sendText("echo:" + message, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.NOOP);
        }
    }
}

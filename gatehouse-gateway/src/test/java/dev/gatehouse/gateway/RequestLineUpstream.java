package dev.gatehouse.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An upstream on a free port that answers every request with its request line exactly as the bytes arrived, as
 * text. {@link EchoUpstream} cannot show request targets that {@code java.net.URI} refuses (its server answers
 * them 400 itself); this one reads the socket.
 */
final class RequestLineUpstream implements AutoCloseable {
    private final ServerSocket server;

    private RequestLineUpstream(ServerSocket server) {
        this.server = server;
    }

    static RequestLineUpstream start() {
        try {
            RequestLineUpstream upstream = new RequestLineUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofVirtual().start(upstream::accept);
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.append((char) b);
            }
            byte[] body = head.substring(0, head.indexOf("\r\n")).getBytes(StandardCharsets.ISO_8859_1);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the gateway gave up on this connection; nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

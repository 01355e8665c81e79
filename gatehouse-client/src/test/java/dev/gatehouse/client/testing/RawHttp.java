package dev.gatehouse.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plain HTTP/1.1 connection driven by hand, for tests of what a server does with the connection itself:
 * answers sent while a body is still arriving, and whether the connection stays usable afterwards.
 */
public final class RawHttp implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\nContent-Length: *(\\d+)");

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawHttp connect(URI server) throws IOException {
        return new RawHttp(new Socket(server.getHost(), server.getPort()));
    }

    /**
     * Sends {@code request} as it is, closes the sending side, and returns everything the server sends until it
     * closes the connection: the response (empty when it closed without one).
     */
    public static String exchange(URI server, String request) throws IOException {
        try (RawHttp connection = connect(server)) {
            connection.send(request);
            connection.socket.shutdownOutput();
            return connection.rest();
        }
    }

    /** Everything the server sends until it closes the connection; empty when it sent nothing, or reset it. */
    public String rest() throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            // a reset after (or instead of) the answer is a closed connection too
        }
        return text.toString();
    }

    /** Closes the sending side, as a client that stops sending in the middle of its request. */
    public void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /** How long a read waits before it fails with a timeout. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /**
     * Sends a POST whose body arrives in two parts a pause apart, so that the server has the headers (and can
     * answer) well before the body is complete.
     */
    public void postInTwoParts(String path, String headers, String body) throws IOException, InterruptedException {
        postInTwoParts(path, headers, body, 10);
    }

    /** The same, with the first {@code firstPart} characters of the body sent with the headers. */
    public void postInTwoParts(String path, String headers, String body, int firstPart) throws IOException, InterruptedException {
        send("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n"
                + body.substring(0, firstPart));
        Thread.sleep(200);
        send(body.substring(firstPart));
    }

    public void get(String path) throws IOException {
        send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The next response, head and body; it must carry a Content-Length (or have none). */
    public String response() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + (head.isEmpty() ? "no bytes" : head));
            }
            head.append((char) b);
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

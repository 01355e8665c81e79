package dev.gatehouse.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Many connections that each send a request one byte at a time, a pause apart, as a slow-loris attack does: each
 * sends its prefix at once, then dribbles, until the server closes the connection or {@link #close()}.
 */
public final class SlowClients implements AutoCloseable {
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Socket> sockets = new ArrayList<>();
    private final CountDownLatch open;

    private SlowClients(int count) {
        this.open = new CountDownLatch(count);
    }

    /**
     * Opens {@code count} connections to {@code server}; each sends {@code prefix}, then one byte of {@code dribble}
     * (repeated as needed) every {@code pause}.
     */
    public static SlowClients start(URI server, int count, String prefix, String dribble, Duration pause) throws IOException {
        SlowClients clients = new SlowClients(count);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(server.getHost(), server.getPort());
            clients.sockets.add(socket);
            clients.threads.submit(() -> clients.readUntilClosed(socket));
            clients.threads.submit(() -> dribble(socket, prefix, dribble, pause));
        }
        return clients;
    }

    /** Waits until the server has closed every connection; false when some are still open after {@code timeout}. */
    public boolean awaitAllClosed(Duration timeout) throws InterruptedException {
        return open.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many connections the server still holds open. */
    public long stillOpen() {
        return open.getCount();
    }

    private void readUntilClosed(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            while (in.read() >= 0) {
                // an answer (408, 400) before the close is fine: read on until the close
            }
        } catch (IOException closedOrReset) {
            // a reset is a close too, and so is this side closing at the end of the test
        } finally {
            open.countDown();
        }
    }

    private static void dribble(Socket socket, String prefix, String dribble, Duration pause) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(prefix.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (int i = 0; !socket.isClosed(); i++) {
                out.write(dribble.charAt(i % dribble.length()));
                out.flush();
                Thread.sleep(pause.toMillis());
            }
        } catch (IOException | InterruptedException stopped) {
            // the server closed the connection, or the test is over
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }
}

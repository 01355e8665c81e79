package dev.gatehouse.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port that fails on command, standing between a client and a server (the
 * issuer and PostgreSQL) where no kernel traffic shaping is at hand:
 * <ul>
 *   <li>{@link #pass()}: bytes flow both ways; connections that stalled are closed first, as an outage leaves
 *       its TCP sessions dead;</li>
 *   <li>{@link #stall()}: every connection, open or new, stays open and carries nothing further;</li>
 *   <li>{@link #reset()}: every open connection is reset, and so is every new one once accepted;</li>
 *   <li>{@link #slow(Duration)}: bytes flow, each chunk after a delay.</li>
 * </ul>
 */
public final class FaultyTcpProxy implements AutoCloseable {
    private enum Mode { PASS, STALL, RESET, SLOW }

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private Mode mode = Mode.PASS;
    private Duration delay = Duration.ZERO;

    private FaultyTcpProxy(InetSocketAddress upstream, ServerSocket server) {
        this.upstream = upstream;
        this.server = server;
    }

    public static FaultyTcpProxy start(InetSocketAddress upstream) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            FaultyTcpProxy proxy = new FaultyTcpProxy(upstream, server);
            Thread.ofPlatform().daemon().name("faulty-proxy-accept").start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public void pass() {
        synchronized (lock) {
            if (mode == Mode.STALL) {
                links.forEach(Link::close);
            }
            mode = Mode.PASS;
            lock.notifyAll();
        }
    }

    public void stall() {
        synchronized (lock) {
            mode = Mode.STALL;
        }
    }

    public void reset() {
        synchronized (lock) {
            mode = Mode.RESET;
            links.forEach(Link::reset);
            lock.notifyAll();
        }
    }

    public void slow(Duration perChunk) {
        synchronized (lock) {
            if (mode == Mode.STALL) {
                links.forEach(Link::close);
            }
            mode = Mode.SLOW;
            delay = perChunk;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (lock) {
            links.forEach(Link::close);
            lock.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> open(client));
        }
    }

    private void open(Socket client) {
        Socket target = new Socket();
        Link link = new Link(client, target);
        links.add(link);
        synchronized (lock) {
            if (mode == Mode.RESET) {
                link.reset();
                return;
            }
        }
        try {
            target.connect(upstream, 5_000);
        } catch (IOException e) {
            link.reset();
            return;
        }
        Thread.ofVirtual().start(() -> pump(link, client, target));
        Thread.ofVirtual().start(() -> pump(link, target, client));
    }

    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                Duration wait = awaitForwarding(link);
                if (wait == null) {
                    return;
                }
                if (!wait.isZero()) {
                    Thread.sleep(wait);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the link is over
        } finally {
            link.close();
        }
    }

    /** @return the delay before forwarding, or null when the link was closed or reset meanwhile */
    private Duration awaitForwarding(Link link) throws InterruptedException {
        synchronized (lock) {
            while (mode == Mode.STALL && !link.closed) {
                lock.wait();
            }
            if (link.closed || mode == Mode.RESET) {
                return null;
            }
            return mode == Mode.SLOW ? delay : Duration.ZERO;
        }
    }

    private final class Link {
        private final Socket client;
        private final Socket target;
        private volatile boolean closed;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        /** Closes both sides with a TCP reset instead of an orderly end. */
        void reset() {
            for (Socket socket : new Socket[] {client, target}) {
                try {
                    socket.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // closed already
                }
            }
            close();
        }

        void close() {
            closed = true;
            links.remove(this);
            closeQuietly(client);
            closeQuietly(target);
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}

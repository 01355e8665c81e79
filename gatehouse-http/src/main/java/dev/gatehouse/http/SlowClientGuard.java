package dev.gatehouse.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections of clients that send a request too slowly ({@link RequestLimits}): headers not complete
 * within the header timeout of their first byte, or a body averaging less than the minimum rate, counted only
 * while the server waits for it. Jetty's idle timeout restarts on every byte and Jetty has no bound on the time
 * to receive headers; its minimum request data rate applies only to servlet reads, not to the gateway's core
 * handlers. So this looks at every connection's parser a few times per timeout, on the connector's scheduler.
 */
public final class SlowClientGuard extends AbstractLifeCycle implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);

    private final AbstractConnector connector;
    private final RequestLimits limits;
    private final long headerNanos;
    private final long graceNanos;
    private final long sweepMillis;
    private final Map<EndPoint, Progress> progress = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    /** Where one connection's current request stands: its phase, since when, and how long the server waited for its body. */
    private static final class Progress {
        final long message;
        final boolean body;
        final long since;
        final long bytesAtStart;
        long waitedNanos;
        long lastSweep;

        Progress(long message, boolean body, long now, long bytesIn) {
            this.message = message;
            this.body = body;
            this.since = now;
            this.lastSweep = now;
            this.bytesAtStart = bytesIn;
        }
    }

    public SlowClientGuard(AbstractConnector connector, RequestLimits limits) {
        this.connector = connector;
        this.limits = limits;
        this.headerNanos = limits.headerTimeout().toNanos();
        this.graceNanos = limits.bodyGrace().toNanos();
        long shortest = Math.min(limits.headerTimeout().toMillis(), Math.max(limits.bodyGrace().toMillis(), 100));
        this.sweepMillis = Math.clamp(shortest / 4, 25, 1000);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        progress.clear();
    }

    private void schedule() {
        next = connector.getScheduler().schedule(this, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.warn("slow client sweep failed: {}", e.toString());
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }

    private void sweep(long now) {
        progress.keySet().removeIf(endPoint -> !endPoint.isOpen());
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            EndPoint http = endPoint.getConnection() instanceof SslConnection ssl ? ssl.getSslEndPoint() : endPoint;
            if (http.getConnection() instanceof HttpConnection connection) {
                check(endPoint, http, connection, now);
            } else {
                progress.remove(endPoint);
            }
        }
    }

    private void check(EndPoint endPoint, EndPoint http, HttpConnection connection, long now) {
        HttpParser parser = connection.getParser();
        boolean headers = parser.inHeaderState() && !parser.isStart();
        // CONTENT_END: the body is complete (or there is none) while the response may still stream for long
        boolean body = parser.inContentState() && !parser.isState(HttpParser.State.CONTENT_END);
        if (!headers && !body) {
            progress.remove(endPoint);
            return;
        }
        long message = connection.getMessagesIn();
        Progress p = progress.get(endPoint);
        if (p == null || p.message != message || p.body != body) {
            progress.put(endPoint, new Progress(message, body, now, connection.getBytesIn()));
            return;
        }
        if (headers) {
            if (now - p.since > headerNanos) {
                drop(endPoint, "request headers not complete within " + limits.headerTimeout());
            }
            return;
        }
        if (http.isFillInterested()) {
            p.waitedNanos += now - p.lastSweep;
        }
        p.lastSweep = now;
        // the rate counts once the server has waited for the body longer than the grace
        if (limits.minBodyRate() > 0 && p.waitedNanos > graceNanos) {
            double seconds = p.waitedNanos / 1e9;
            double rate = (connection.getBytesIn() - p.bytesAtStart) / seconds;
            if (rate < limits.minBodyRate()) {
                drop(endPoint, "request body slower than " + limits.minBodyRate() + " bytes/s");
            }
        }
    }

    private void drop(EndPoint endPoint, String why) {
        progress.remove(endPoint);
        LOG.debug("closing the connection from {}: {}", endPoint.getRemoteSocketAddress(), why);
        endPoint.close();
    }
}

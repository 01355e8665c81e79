package dev.gatehouse.server.forwardauth;

import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.core.revocation.LogSignal;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation log as Server-Sent Events, for verifiers outside the issuer: first every retained event
 * after the follower's sequence, then each new one as soon as it is appended, and a heartbeat at least every
 * {@link #HEARTBEAT}. A stream ends after {@link #MAX_STREAM}, when the follower goes away, or when the
 * issuer stops; the follower reconnects with the last sequence it applied.
 *
 * <p>The stream is written here rather than with Javalin's SSE support, which commits a 200 before the
 * handler could refuse the caller and sends {@code Cache-Control: no-cache}; a blocking loop on the
 * request's virtual thread, woken by the log's {@link LogSignal}, needs nothing more than the servlet
 * output stream.
 */
final class RevocationFeedEndpoint {
    /** Longest silence on an open stream. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Streams end after this so that followers spread over the nodes again. */
    static final Duration MAX_STREAM = Duration.ofMinutes(10);
    private static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RevocationFeedEndpoint.class);

    private final IssuerServices services;
    private final FeedClients clients;

    RevocationFeedEndpoint(IssuerServices services) {
        this.services = services;
        this.clients = new FeedClients(services.clientAuthenticator());
    }

    void handle(Context ctx) throws IOException {
        String clientId = clients.authenticate(ctx).clientId();
        long after = FeedPosition.after(ctx);
        long head = services.stores().revocationLog().lastSequence();
        if (after > head) {
            // a follower ahead of the log (restored database, another issuer's position) would wait for
            // sequence numbers this log has already used and miss every revocation until then
            throw new ProblemException(409, "The revocation log ends at sequence " + head + ", before position " + after
                    + "; resume from 0").extension("last_sequence", head);
        }
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        // nginx and similar proxies would otherwise hold events back in their buffers
        res.setHeader("X-Accel-Buffering", "no");
        LOG.info("revocation feed opened for client {} after sequence {}", clientId, after);
        try {
            stream(res.getOutputStream(), after);
        } catch (IOException e) {
            LOG.debug("revocation feed of client {} ended by the client: {}", clientId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the 200 is long sent: end the stream, the follower reconnects and resumes where it was
            LOG.warn("revocation feed of client {} ended: the log could not be read: {}", clientId, e.toString());
        }
        LOG.info("revocation feed closed for client {}", clientId);
    }

    private void stream(OutputStream out, long after) throws IOException, InterruptedException {
        LogSignal signal = services.revocations().signal();
        long last = after;
        long started = System.nanoTime();
        long nextHeartbeat = started;
        while (true) {
            long version = signal.version();
            last = sendNewEvents(out, last);
            long now = System.nanoTime();
            if (now - nextHeartbeat >= 0) {
                write(out, "event: heartbeat\ndata: {\"last_sequence\":" + last + "}\n\n");
                nextHeartbeat = now + HEARTBEAT.toNanos();
            }
            out.flush();
            if (now - started >= MAX_STREAM.toNanos()
                    || !signal.await(version, Duration.ofNanos(Math.max(1, nextHeartbeat - System.nanoTime())))) {
                return;
            }
        }
    }

    /** @return the sequence of the last event sent, {@code last} when there was none */
    private long sendNewEvents(OutputStream out, long last) throws IOException {
        List<RevocationEvent> batch;
        do {
            batch = services.stores().revocationLog().after(last, BATCH);
            for (RevocationEvent event : batch) {
                write(out, "id: " + event.sequence() + "\nevent: revocation\ndata: " + event.toJson() + "\n\n");
                last = event.sequence();
            }
        } while (batch.size() == BATCH);
        return last;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}

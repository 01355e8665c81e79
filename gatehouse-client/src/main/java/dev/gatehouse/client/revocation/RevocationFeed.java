package dev.gatehouse.client.revocation;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows an issuer's revocation feed ({@code GET /api/v1/revocations/feed}, server-sent events) and applies
 * every event to a {@link Denylist} in order. After any disconnect or error it reconnects with
 * {@code after=<last applied sequence>}, after a wait that doubles from the first backoff to the longest one
 * ({@link RevocationFeedConfig}), back to the first once a connection delivers. A connection that stays silent
 * longer than the silence limit (the issuer sends a heartbeat every 5 s) is given up and reconnected, so a
 * connection that died without a word cannot hold the follower.
 *
 * <p>Contact with the issuer, which {@link #current(Duration)} judges, is a heartbeat whose {@code last_sequence}
 * this follower has reached: the issuer sends one after the backlog, so a follower is current only once it has
 * caught up. An event that cannot be read is never skipped: the follower records the problem and reconnects from
 * the event before it, and stays stale (so a fail-closed verifier refuses) until the event can be read. Expired
 * entries are purged from the denylist periodically.
 *
 * <p>The client secret is sent as HTTP Basic credentials and never logged.
 */
public final class RevocationFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);
    public static final String PATH = "/api/v1/revocations/feed";

    /**
     * @param connected    a feed response is open right now
     * @param lastSequence the last event applied
     * @param lastContact  when the last heartbeat arrived that this follower had caught up with; null before the first
     * @param denylistSize entries in the denylist
     * @param problem      why the last attempt failed (e.g. the issuer answered 401, or an event could not be read),
     *                     null once a connection has caught up
     */
    public record Status(boolean connected, long lastSequence, Instant lastContact, int denylistSize, String problem) {}

    private final RevocationFeedConfig config;
    private final Denylist denylist;
    private final HttpClient http;
    private final String authorization;
    private final ScheduledExecutorService purger;
    private final Thread follower;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile Instant lastContact;
    private volatile String problem;
    /** Set by the watchdog when it gives up a silent connection, so the follower can say why it ended. */
    private volatile String silentFor;
    private volatile InputStream body;
    /** {@link System#nanoTime()} of the last line on the open connection, for the silence watchdog. */
    private volatile long lastLineNanos;

    private RevocationFeed(RevocationFeedConfig config, Denylist denylist) {
        this.config = Objects.requireNonNull(config, "config");
        this.denylist = Objects.requireNonNull(denylist, "denylist");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.http = builder.build();
        // RFC 6749 2.3.1: id and secret are form-encoded before joining
        String credentials = URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(config.clientSecret(), StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.purger = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("gatehouse-denylist-purge").factory());
        this.follower = Thread.ofVirtual().name("gatehouse-revocation-feed").unstarted(this::follow);
    }

    /** Starts following the feed on a virtual thread; returns at once. */
    public static RevocationFeed start(RevocationFeedConfig config, Denylist denylist) {
        RevocationFeed feed = new RevocationFeed(config, denylist);
        long purgeMillis = config.purgeEvery().toMillis();
        feed.purger.scheduleWithFixedDelay(feed::purge, purgeMillis, purgeMillis, TimeUnit.MILLISECONDS);
        long watchMillis = Math.max(10, config.silenceLimit().toMillis() / 4);
        feed.purger.scheduleWithFixedDelay(feed::watchSilence, watchMillis, watchMillis, TimeUnit.MILLISECONDS);
        feed.follower.start();
        return feed;
    }

    public Denylist denylist() {
        return denylist;
    }

    public Status status() {
        return new Status(connected, denylist.lastSequence(), lastContact, denylist.size(), problem);
    }

    /** Whether the issuer was heard from within the bound: only then does the denylist reflect recent revocations. */
    public boolean current(Duration maxStaleness) {
        Instant contact = lastContact;
        return contact != null && !config.clock().instant().isAfter(contact.plus(maxStaleness));
    }

    @Override
    public void close() {
        closed = true;
        purger.shutdownNow();
        follower.interrupt();
        closeBody();
        http.shutdownNow();
    }

    /** The follower thread: connect, read until the connection ends, wait, connect again. */
    private void follow() {
        Duration backoff = config.firstBackoff();
        while (!closed) {
            try {
                if (connectAndRead()) {
                    backoff = config.firstBackoff();
                }
            } catch (FeedBroken e) {
                report(e.getMessage());
            } catch (IOException e) {
                if (!closed) {
                    String silent = silentFor;
                    report(silent != null ? silent : "connection failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                connected = false;
                silentFor = null;
                closeBody();
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = config.nextBackoff(backoff);
        }
    }

    /** @return whether the connection delivered at least one line */
    private boolean connectAndRead() throws IOException, InterruptedException {
        long after = denylist.lastSequence();
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.feedUri() + "?after=" + after))
                .header("Authorization", authorization)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        if (response.statusCode() == 409) {
            // the issuer's log ends before this position: its sequence numbers will be used again, so read it
            // again from the start; entries already held stay (a revocation is never taken back)
            report("the issuer's revocation log ends before sequence " + after + " (a restored database?): reading it again from the start");
            denylist.rewindTo(0);
            return false;
        }
        if (response.statusCode() != 200) {
            report("issuer answered " + response.statusCode() + switch (response.statusCode()) {
                case 401 -> ": check the feed client id and secret";
                case 403 -> ": the feed client lacks the gatehouse.revocations scope";
                default -> "";
            });
            return false;
        }
        lastLineNanos = System.nanoTime();
        connected = true;
        boolean delivered = false;
        EventStreamReader events = new EventStreamReader(this::onEvent);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while (!closed && (line = reader.readLine()) != null) {
                lastLineNanos = System.nanoTime();
                delivered = true;
                events.line(line);
            }
        }
        return delivered;
    }

    private void onEvent(EventStreamReader.Event event) throws FeedBroken {
        switch (event.type()) {
            case "revocation" -> revocation(event.data());
            case "heartbeat" -> heartbeat(event.data());
            default -> { } // unknown event types are for newer followers
        }
    }

    private void revocation(String data) throws FeedBroken {
        RevocationEvent event;
        try {
            event = RevocationEvent.parse(data);
        } catch (ParseException | RuntimeException e) {
            // skipping it would let its tokens through: stop here and stay stale until it can be read
            throw new FeedBroken("a revocation event after sequence " + denylist.lastSequence() + " could not be read ("
                    + EventStreamReader.printable(String.valueOf(e.getMessage())) + "): not applying later events");
        }
        if (event.sequence() <= denylist.lastSequence()) {
            return; // already applied
        }
        denylist.apply(event);
        denylist.advanceTo(event.sequence());
    }

    private void heartbeat(String data) throws FeedBroken {
        long issuerAt;
        try {
            issuerAt = JSONObjectUtils.getLong(JSONObjectUtils.parse(data), "last_sequence");
        } catch (ParseException | RuntimeException e) {
            throw new FeedBroken("a heartbeat could not be read: " + EventStreamReader.printable(data));
        }
        if (issuerAt > denylist.lastSequence()) {
            throw new FeedBroken("the issuer sent up to sequence " + issuerAt + " but this follower applied only up to "
                    + denylist.lastSequence());
        }
        lastContact = config.clock().instant();
        problem = null;
    }

    /** Gives up the open connection when nothing, not even a heartbeat, arrived within the silence limit. */
    private void watchSilence() {
        long silentNanos = System.nanoTime() - lastLineNanos;
        if (connected && silentNanos > config.silenceLimit().toNanos()) {
            silentFor = "no heartbeat for " + Duration.ofNanos(silentNanos).toMillis() + " ms: reconnecting";
            closeBody();
        }
    }

    private void purge() {
        try {
            int dropped = denylist.purge(config.clock().instant());
            if (dropped > 0) {
                log.debug("purged {} expired revocations", dropped);
            }
        } catch (RuntimeException e) {
            log.warn("purging the denylist failed", e);
        }
    }

    private void report(String why) {
        problem = why;
        log.warn("revocation feed {}: {}", config.feedUri(), why);
    }

    private void closeBody() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                log.debug("closing the feed response failed", e);
            }
        }
    }

    /** The feed said something this follower cannot trust; the connection ends and is retried. */
    private static final class FeedBroken extends IOException {
        FeedBroken(String message) {
            super(message);
        }
    }
}

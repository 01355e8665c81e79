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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows an issuer's revocation feed ({@code GET /api/v1/revocations/feed}, server-sent events) and applies
 * every event to a {@link Denylist} in order. After any disconnect or error it reconnects with
 * {@code after=<last applied sequence>}, waiting 100 ms at first and doubling up to 5 s, back to 100 ms once a
 * connection delivers. A connection that stays silent longer than the silence limit (15 s; the issuer sends a
 * heartbeat every 5 s) is given up and reconnected, so a connection that died without a word cannot hold the
 * follower.
 *
 * <p>Contact with the issuer, which {@link #current(Duration)} judges, is a heartbeat whose {@code last_sequence}
 * this follower has reached: the issuer sends one after the backlog, so a follower is current only once it has
 * caught up. An event that cannot be read is never skipped: the follower records the problem and reconnects from
 * the event before it, and stays stale (so a fail-closed verifier refuses) until the event can be read. Expired
 * entries are purged from the denylist every 30 s.
 *
 * <p>The client secret is sent as HTTP Basic credentials and never logged.
 */
public final class RevocationFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);
    public static final String PATH = "/api/v1/revocations/feed";

    /**
     * @param feedUri      the feed URL, usually {@link #forIssuer}
     * @param clientId     a confidential client with the {@code gatehouse.revocations} scope
     * @param clientSecret its secret
     * @param sslContext   trust for an https issuer with a private CA, or null for the JDK's default trust
     * @param clock        the clock contact times are read from
     * @param firstBackoff the wait before the first reconnect
     * @param maxBackoff   the longest wait between reconnects
     * @param purgeEvery   how often expired entries are dropped from the denylist
     * @param silenceLimit how long a connection may go without a line before it is given up and reconnected
     */
    public record Config(URI feedUri, String clientId, String clientSecret, SSLContext sslContext, Clock clock,
            Duration firstBackoff, Duration maxBackoff, Duration purgeEvery, Duration silenceLimit) {
        public Config {
            Objects.requireNonNull(feedUri, "feed URI");
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("feed client id: required, got " + (clientId == null ? "none" : "a blank one"));
            }
            if (clientSecret == null || clientSecret.isEmpty()) {
                throw new IllegalArgumentException("feed client secret: required for client " + clientId);
            }
            Objects.requireNonNull(clock, "clock");
            positive("first backoff", firstBackoff);
            positive("purge interval", purgeEvery);
            positive("silence limit", silenceLimit);
            if (maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("max backoff: at least the first backoff (" + firstBackoff + "), got " + maxBackoff);
            }
        }

        /** The feed of an issuer with the defaults: backoff 100 ms doubling to 5 s, purge every 30 s, silence limit 15 s. */
        public static Config forIssuer(URI issuer, String clientId, String clientSecret) {
            String base = issuer.toString().endsWith("/") ? issuer.toString().substring(0, issuer.toString().length() - 1) : issuer.toString();
            return new Config(URI.create(base + PATH), clientId, clientSecret, null, Clock.systemUTC(),
                    Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(15));
        }

        public Config withSslContext(SSLContext context) {
            return new Config(feedUri, clientId, clientSecret, context, clock, firstBackoff, maxBackoff, purgeEvery, silenceLimit);
        }

        public Config withClock(Clock c) {
            return new Config(feedUri, clientId, clientSecret, sslContext, c, firstBackoff, maxBackoff, purgeEvery, silenceLimit);
        }

        public Config withBackoff(Duration first, Duration max) {
            return new Config(feedUri, clientId, clientSecret, sslContext, clock, first, max, purgeEvery, silenceLimit);
        }

        public Config withPurgeEvery(Duration every) {
            return new Config(feedUri, clientId, clientSecret, sslContext, clock, firstBackoff, maxBackoff, every, silenceLimit);
        }

        public Config withSilenceLimit(Duration limit) {
            return new Config(feedUri, clientId, clientSecret, sslContext, clock, firstBackoff, maxBackoff, purgeEvery, limit);
        }

        @Override
        public String toString() {
            return "Config[feedUri=" + feedUri + ", clientId=" + clientId + ", clientSecret=(hidden)]";
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": more than 0, got " + d);
            }
        }
    }

    /**
     * @param connected    a feed response is open right now
     * @param lastSequence the last event applied
     * @param lastContact  when the last heartbeat arrived that this follower had caught up with; null before the first
     * @param denylistSize entries in the denylist
     * @param problem      why the last attempt failed (e.g. the issuer answered 401, or an event could not be read),
     *                     null once a connection has caught up
     */
    public record Status(boolean connected, long lastSequence, Instant lastContact, int denylistSize, String problem) {}

    private final Config config;
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

    private RevocationFeed(Config config, Denylist denylist) {
        this.config = config;
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
    public static RevocationFeed start(Config config, Denylist denylist) {
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

    private void follow() {
        Duration backoff = config.firstBackoff();
        while (!closed) {
            try {
                if (connectAndRead()) {
                    backoff = config.firstBackoff();
                }
            } catch (FeedBroken e) {
                problem = e.getMessage();
                log.warn("revocation feed {}: {}", config.feedUri(), problem);
            } catch (IOException e) {
                if (!closed) {
                    String silent = silentFor;
                    problem = silent != null ? silent : "connection failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage());
                    log.warn("revocation feed {}: {}", config.feedUri(), problem);
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
            backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
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
            problem = "the issuer's revocation log ends before sequence " + after + " (a restored database?): reading it again from the start";
            log.warn("revocation feed {}: {}", config.feedUri(), problem);
            denylist.rewindTo(0);
            return false;
        }
        if (response.statusCode() != 200) {
            problem = "issuer answered " + response.statusCode() + switch (response.statusCode()) {
                case 401 -> ": check the feed client id and secret";
                case 403 -> ": the feed client lacks the gatehouse.revocations scope";
                default -> "";
            };
            log.warn("revocation feed {}: {}", config.feedUri(), problem);
            return false;
        }
        lastLineNanos = System.nanoTime();
        connected = true;
        boolean delivered = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            EventReader events = new EventReader();
            String line;
            while (!closed && (line = reader.readLine()) != null) {
                lastLineNanos = System.nanoTime();
                delivered = true;
                events.line(line);
            }
        }
        return delivered;
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

    /** Collects the fields of one server-sent event until the blank line that ends it. */
    private final class EventReader {
        private String event;
        private final StringBuilder data = new StringBuilder();

        void line(String line) throws FeedBroken {
            if (line.isEmpty()) {
                dispatch();
                return;
            }
            if (line.startsWith(":")) {
                return; // a comment, used as keep-alive by some proxies
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                case "id", "retry" -> { }
                default -> log.warn("revocation feed: skipped a line with unknown field \"{}\"", abbreviate(field));
            }
        }

        private void dispatch() throws FeedBroken {
            String type = event == null ? "message" : event;
            String payload = data.toString();
            event = null;
            data.setLength(0);
            switch (type) {
                case "revocation" -> revocation(payload);
                case "heartbeat" -> heartbeat(payload);
                default -> { } // unknown event types are for newer followers
            }
        }

        private void revocation(String payload) throws FeedBroken {
            RevocationEvent parsed;
            try {
                parsed = parse(payload);
            } catch (ParseException | RuntimeException e) {
                // skipping it would let its tokens through: stop here and stay stale until it can be read
                throw new FeedBroken("a revocation event after sequence " + denylist.lastSequence()
                        + " could not be read (" + abbreviate(String.valueOf(e.getMessage())) + "): not applying later events");
            }
            if (parsed.sequence() <= denylist.lastSequence()) {
                return; // already applied
            }
            denylist.apply(parsed);
            denylist.advanceTo(parsed.sequence());
        }

        private void heartbeat(String payload) throws FeedBroken {
            long issuerAt;
            try {
                issuerAt = ((Number) JSONObjectUtils.parse(payload).get("last_sequence")).longValue();
            } catch (ParseException | RuntimeException e) {
                throw new FeedBroken("a heartbeat could not be read: " + abbreviate(payload));
            }
            if (issuerAt > denylist.lastSequence()) {
                throw new FeedBroken("the issuer sent up to sequence " + issuerAt + " but this follower applied only up to "
                        + denylist.lastSequence());
            }
            lastContact = config.clock().instant();
            problem = null;
        }
    }

    static RevocationEvent parse(String json) throws ParseException {
        Map<String, Object> o = JSONObjectUtils.parse(json);
        Object sequence = o.get("sequence");
        if (!(sequence instanceof Number n) || n.longValue() <= 0) {
            throw new IllegalArgumentException("sequence missing or not positive");
        }
        String value = (String) o.get("value");
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("value missing");
        }
        return new RevocationEvent(n.longValue(), RevocationKind.fromWireName((String) o.get("kind")), value,
                Instant.parse((String) o.get("issued_at")), Instant.parse((String) o.get("expires_at")));
    }

    /** The feed said something this follower cannot trust; the connection ends and is retried. */
    private static final class FeedBroken extends IOException {
        FeedBroken(String message) {
            super(message);
        }
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}

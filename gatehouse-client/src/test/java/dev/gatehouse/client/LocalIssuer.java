package dev.gatehouse.client;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.client.revocation.RevocationEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a remote issuer on a real socket (127.0.0.1, JDK HTTP server): discovery metadata, a JWKS the
 * test rotates, and a revocation feed speaking the feed's wire format (server-sent events) that the test
 * scripts: append events, drop connections, send raw lines, answer 401.
 */
public final class LocalIssuer implements AutoCloseable {
    public static final String FEED_PATH = "/api/v1/revocations/feed";
    public static final String CLIENT_ID = "orders-service";
    public static final String CLIENT_SECRET = "s3cret-value-never-logged";

    private final HttpServer server;
    private final URI uri;
    private volatile String advertisedIssuer;
    private volatile boolean openIdConfiguration = true;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    /** The revocation log as the feed sends it: each entry's sequence and its event text. */
    private record Logged(long sequence, String text) {}

    private final List<Logged> log = new ArrayList<>();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final List<String> feedRequests = new CopyOnWriteArrayList<>();
    private final List<String> feedAuthorizations = new CopyOnWriteArrayList<>();
    private volatile int feedStatus = 200;
    private volatile long heartbeatMillis = 200;
    private volatile boolean heartbeats = true;

    public LocalIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        advertisedIssuer = uri.toString();
        server.createContext("/.well-known/openid-configuration", ex -> {
            if (openIdConfiguration) {
                metadata(ex);
            } else {
                respond(ex, 404, "application/json", "{}");
            }
        });
        server.createContext("/.well-known/oauth-authorization-server", this::metadata);
        server.createContext("/jwks", ex -> {
            jwksFetches.incrementAndGet();
            respond(ex, 200, "application/jwk-set+json", new JWKSet(List.copyOf(keys)).toPublicJWKSet().toString());
        });
        server.createContext(FEED_PATH, this::feed);
        server.start();
    }

    public URI uri() {
        return uri;
    }

    public String issuer() {
        return uri.toString();
    }

    public void advertiseIssuer(String issuer) {
        this.advertisedIssuer = issuer;
    }

    /** Answer 404 for the OpenID discovery document, as a plain OAuth server does. */
    public void withoutOpenIdConfiguration() {
        this.openIdConfiguration = false;
    }

    public void publish(JWK key) {
        keys.add(key);
    }

    public void withdraw(JWK key) {
        keys.removeIf(k -> k.getKeyID().equals(key.getKeyID()));
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public void feedStatus(int status) {
        this.feedStatus = status;
    }

    public void heartbeatEvery(long millis) {
        this.heartbeatMillis = millis;
    }

    /** Sends no heartbeats at all, neither after the backlog nor later: events only. */
    public void withoutHeartbeats() {
        this.heartbeats = false;
    }

    /** The query string of every feed request so far, in order (null for none). */
    public List<String> feedRequests() {
        return List.copyOf(feedRequests);
    }

    public List<String> feedAuthorizations() {
        return List.copyOf(feedAuthorizations);
    }

    public int openStreams() {
        return streams.size();
    }

    /** Appends to the log and sends to every open stream. */
    public void append(RevocationEvent event) {
        appendRaw(event.sequence(), eventText(event));
    }

    /** Appends an event in exactly this text (which may be unreadable) and sends it to every open stream. */
    public synchronized void appendRaw(long sequence, String text) {
        log.add(new Logged(sequence, text));
        for (Stream s : streams) {
            s.write(text);
        }
    }

    /** Sends text as is to every open stream. */
    public void sendRaw(String text) {
        for (Stream s : streams) {
            s.write(text);
        }
    }

    /** Ends every open stream, as an issuer restart or a proxy timeout does. */
    public void dropConnections() {
        for (Stream s : streams) {
            s.close();
        }
    }

    @Override
    public void close() {
        dropConnections();
        server.stop(0);
    }

    private void metadata(HttpExchange ex) throws IOException {
        respond(ex, 200, "application/json", "{\"issuer\":\"" + advertisedIssuer + "\",\"jwks_uri\":\"" + uri + "/jwks\"}");
    }

    private void feed(HttpExchange ex) throws IOException {
        feedRequests.add(ex.getRequestURI().getRawQuery());
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        feedAuthorizations.add(String.valueOf(authorization));
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (feedStatus != 200 || !expected.equals(authorization)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"gatehouse\"");
            respond(ex, feedStatus != 200 ? feedStatus : 401, "application/problem+json", "{\"status\":401,\"title\":\"Unauthorized\"}");
            return;
        }
        String query = ex.getRequestURI().getRawQuery();
        long after = query != null && query.startsWith("after=") ? Long.parseLong(query.substring(6)) : 0;
        synchronized (this) {
            long head = log.isEmpty() ? 0 : log.getLast().sequence();
            if (after > head) {
                respond(ex, 409, "application/problem+json", "{\"status\":409,\"last_sequence\":" + head + "}");
                return;
            }
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        Stream stream = new Stream(ex);
        synchronized (this) {
            long last = after;
            for (Logged e : log) {
                if (e.sequence() > after) {
                    stream.write(e.text());
                    last = e.sequence();
                }
            }
            if (heartbeats) {
                stream.write(heartbeatText(last));
            }
            streams.add(stream);
        }
        try {
            while (!stream.closed) {
                Thread.sleep(heartbeatMillis);
                long last;
                synchronized (this) {
                    last = log.isEmpty() ? 0 : log.getLast().sequence();
                }
                if (heartbeats) {
                    stream.write(heartbeatText(last));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(stream);
            stream.close();
        }
    }

    public static String eventText(RevocationEvent e) {
        return "id: " + e.sequence() + "\nevent: revocation\ndata: {\"sequence\":" + e.sequence() + ",\"kind\":\""
                + e.kind().wireName() + "\",\"value\":\"" + e.value() + "\",\"issued_at\":\"" + e.issuedAt()
                + "\",\"expires_at\":\"" + e.expiresAt() + "\"}\n\n";
    }

    public static String heartbeatText(long lastSequence) {
        return "event: heartbeat\ndata: {\"last_sequence\":" + lastSequence + "}\n\n";
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class Stream {
        private final HttpExchange exchange;
        private volatile boolean closed;

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
        }

        synchronized void write(String text) {
            if (closed) {
                return;
            }
            try {
                exchange.getResponseBody().write(text.getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
            } catch (IOException e) {
                closed = true;
            }
        }

        synchronized void close() {
            closed = true;
            exchange.close();
        }
    }
}

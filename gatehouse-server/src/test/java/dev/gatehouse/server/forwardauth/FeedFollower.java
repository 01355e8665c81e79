package dev.gatehouse.server.forwardauth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Follows the revocation feed over a real connection, reading the stream line by line as a follower does. */
final class FeedFollower implements AutoCloseable {
    /** One Server-Sent Event: its id (null when none), its type, its data as Jackson reads it, and as sent. */
    record Event(String id, String type, JsonNode data, String text) {}

    private final HttpResponse<InputStream> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private volatile String malformed;

    private FeedFollower(HttpResponse<InputStream> response) {
        this.response = response;
        Thread.ofVirtual().name("feed-follower").start(this::read);
    }

    /** Opens the feed; fails unless it answers 200. {@code headers} are name, value pairs. */
    static FeedFollower open(HttpClient http, URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new AssertionError("feed not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = e.toString();
            }
            throw new AssertionError("feed refused: " + response.statusCode() + " " + body);
        }
        return new FeedFollower(response);
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** Every event so far; fails once the stream broke the event format. */
    List<Event> events() {
        if (malformed != null) {
            throw new AssertionError("unexpected feed line: " + malformed);
        }
        return List.copyOf(events);
    }

    /** The data of every revocation event so far, in the order received. */
    List<JsonNode> revocations() {
        return events().stream().filter(e -> e.type().equals("revocation")).map(Event::data).toList();
    }

    List<Long> sequences() {
        return revocations().stream().map(d -> d.path("sequence").asLong()).toList();
    }

    List<JsonNode> heartbeats() {
        return events().stream().filter(e -> e.type().equals("heartbeat")).map(Event::data).toList();
    }

    /** Whether the server ended the stream. */
    boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, type, GatewayHttp.json(data.toString()), data.toString()));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                } else {
                    malformed = line;
                }
            }
        } catch (IOException e) {
            // closed by this side
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already gone
        }
    }
}

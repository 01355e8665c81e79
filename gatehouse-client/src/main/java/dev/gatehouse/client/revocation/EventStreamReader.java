package dev.gatehouse.client.revocation;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the lines of a {@code text/event-stream} into events, as the WHATWG HTML standard's "Server-sent events"
 * section interprets a stream: {@code field: value} lines, one optional space after the colon, lines starting with
 * {@code :} are comments, {@code data} lines joined with {@code \n}, and a blank line ends the event. The caller
 * splits the stream into lines ({@link java.io.BufferedReader#readLine()} ends them at CR, LF or CRLF, as the
 * standard does) and hands each one to {@link #line(String)}.
 *
 * <p>One difference, for followers that must not miss anything: an event that named its type but carried no
 * {@code data} is dispatched with empty data instead of being dropped, so that the follower can refuse it.
 */
final class EventStreamReader {
    private static final Logger log = LoggerFactory.getLogger(EventStreamReader.class);

    /**
     * @param type        the {@code event} field, {@code message} when there was none
     * @param data        the {@code data} lines joined with {@code \n}
     * @param lastEventId the last {@code id} the stream set, carried over from earlier events; empty before any
     */
    record Event(String type, String data, String lastEventId) {}

    /** Receives each event as its blank line arrives; an exception ends the reading of the stream. */
    @FunctionalInterface
    interface Listener {
        void event(Event event) throws IOException;
    }

    private final Listener listener;
    private final StringBuilder data = new StringBuilder();
    private String type;
    private boolean hasData;
    private boolean firstLine = true;
    private String lastEventId = "";
    private Duration retry;

    EventStreamReader(Listener listener) {
        this.listener = listener;
    }

    /** One line of the stream, without its line ending. */
    void line(String line) throws IOException {
        if (firstLine && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        firstLine = false;
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
            case "event" -> type = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Duration.ofMillis(Long.parseLong(value));
                }
            }
            default -> log.warn("event stream: skipped a line with unknown field \"{}\"", printable(field));
        }
    }

    /** The reconnection time the stream asked for with its last valid {@code retry} field, if any. */
    Optional<Duration> retry() {
        return Optional.ofNullable(retry);
    }

    /** The last {@code id} the stream set; empty before any. */
    String lastEventId() {
        return lastEventId;
    }

    private void dispatch() throws IOException {
        if (!hasData && type == null) {
            return;
        }
        Event event = new Event(type == null || type.isEmpty() ? "message" : type, data.toString(), lastEventId);
        type = null;
        hasData = false;
        data.setLength(0);
        listener.event(event);
    }

    /** At most 40 printable ASCII characters of text from the stream, for a log line. */
    static String printable(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}

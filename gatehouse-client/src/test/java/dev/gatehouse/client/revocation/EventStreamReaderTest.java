package dev.gatehouse.client.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.client.revocation.EventStreamReader.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {
    private final List<Event> events = new ArrayList<>();
    private final EventStreamReader reader = new EventStreamReader(events::add);

    /** Splits {@code stream} into lines the way the follower does and reads them all. */
    private void read(String stream) throws IOException {
        BufferedReader lines = new BufferedReader(new StringReader(stream));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            reader.line(line);
        }
    }

    @Test
    void anEventEndsAtABlankLineWithItsTypeDataAndId() throws IOException {
        read("id: 7\nevent: revocation\ndata: {\"sequence\":7}\n\n");

        assertThat(events).containsExactly(new Event("revocation", "{\"sequence\":7}", "7"));
    }

    @Test
    void nothingIsDispatchedBeforeTheBlankLine() throws IOException {
        read("event: revocation\ndata: {}\n");

        assertThat(events).isEmpty();
    }

    @Test
    void dataLinesAreJoinedWithNewlines() throws IOException {
        read("data: first\ndata:second\ndata\n\n");

        assertThat(events).containsExactly(new Event("message", "first\nsecond\n", ""));
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDropped() throws IOException {
        read("event:heartbeat\ndata:  two spaces\n\n");

        assertThat(events).containsExactly(new Event("heartbeat", " two spaces", ""));
    }

    @Test
    void linesMayEndInCrLfOrCrAlone() throws IOException {
        read("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r");

        assertThat(events).extracting(Event::type, Event::data).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "2"));
    }

    @Test
    void commentsUnknownFieldsAndEmptyBlocksDispatchNothing() throws IOException {
        read(": keep-alive\n\ngarbage without a field\n\nfuture: field\n\n\n\n");

        assertThat(events).isEmpty();
    }

    @Test
    void anEventWithATypeButNoDataIsStillDispatchedSoThatItCanBeRefused() throws IOException {
        read("event: revocation\n\n");

        assertThat(events).containsExactly(new Event("revocation", "", ""));
    }

    @Test
    void theLastEventIdCarriesOverAndAnIdWithNulIsIgnored() throws IOException {
        read("id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000\ndata: c\n\nid\ndata: d\n\n");

        assertThat(events).extracting(Event::lastEventId).containsExactly("1", "1", "1", "");
        assertThat(reader.lastEventId()).isEmpty();
    }

    @Test
    void retryTakesOnlyDigits() throws IOException {
        assertThat(reader.retry()).isEmpty();

        read("retry: 2500\n\n");
        assertThat(reader.retry()).hasValue(Duration.ofMillis(2500));

        read("retry: 1s\nretry: -1\nretry:\nretry: 99999999999999999999999\n\n");
        assertThat(reader.retry()).hasValue(Duration.ofMillis(2500));
        assertThat(events).isEmpty();
    }

    @Test
    void aByteOrderMarkBeforeTheFirstLineIsIgnored() throws IOException {
        read("\uFEFFevent: heartbeat\ndata: {}\n\n");

        assertThat(events).containsExactly(new Event("heartbeat", "{}", ""));
    }

    @Test
    void anEmptyEventTypeIsAMessage() throws IOException {
        read("event:\ndata: x\n\n");

        assertThat(events).containsExactly(new Event("message", "x", ""));
    }

    @Test
    void aListenerThatRefusesAnEventStopsTheReadingWithItsException() {
        EventStreamReader refusing = new EventStreamReader(e -> {
            throw new IOException("refused " + e.type());
        });

        assertThatThrownBy(() -> {
            refusing.line("event: revocation");
            refusing.line("");
        }).isInstanceOf(IOException.class).hasMessage("refused revocation");
    }
}

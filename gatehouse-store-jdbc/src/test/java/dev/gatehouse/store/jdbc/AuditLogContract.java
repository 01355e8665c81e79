package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogContract extends StoreContract {

    private static AuditEvent event(int hours, String type, String subject) {
        return AuditEvent.of(at(HOUR.multipliedBy(hours)), type, "admin:root", subject, "app", "198.51.100.4", Map.of());
    }

    private List<String> types(AuditQuery query) {
        return stores.audit().query(query).stream().map(AuditEvent::type).toList();
    }

    @Test
    void recordedEventComesBackWithEveryFieldAndAnId() {
        stores.audit().record(AuditEvent.of(T0, "login.failed", "user:alice", "u-1", "app", "2001:db8::2",
                Map.of("reason", "bad_password", "quote", "say \"hi\"", "unicode", "Zoë")));

        List<AuditEvent> events = stores.audit().query(new AuditQuery(null, null, null, null, 10));

        assertThat(events).hasSize(1);
        AuditEvent e = events.getFirst();
        assertThat(e.id()).isPositive();
        assertThat(e).isEqualTo(new AuditEvent(e.id(), T0, "login.failed", "user:alice", "u-1", "app", "2001:db8::2",
                Map.of("reason", "bad_password", "quote", "say \"hi\"", "unicode", "Zoë")));
    }

    @Test
    void eventWithoutOptionalFieldsRoundTrips() {
        stores.audit().record(AuditEvent.of(T0, "key.rotated", null, null, null, null, Map.of()));

        AuditEvent e = stores.audit().query(new AuditQuery(null, null, null, null, 10)).getFirst();

        assertThat(e).isEqualTo(new AuditEvent(e.id(), T0, "key.rotated", null, null, null, null, Map.of()));
    }

    @Test
    void queryReturnsNewestFirstUpToTheLimit() {
        stores.audit().record(event(1, "one", "u-1"));
        stores.audit().record(event(3, "three", "u-1"));
        stores.audit().record(event(2, "two", "u-1"));
        stores.audit().record(event(3, "three-later", "u-1"));

        assertThat(types(new AuditQuery(null, null, null, null, 3))).containsExactly("three-later", "three", "two");
    }

    @Test
    void queryFromIsInclusiveAndToExclusive() {
        for (int h = 0; h < 5; h++) {
            stores.audit().record(event(h, "at-" + h, "u-1"));
        }

        assertThat(types(new AuditQuery(at(HOUR), at(HOUR.multipliedBy(3)), null, null, 10))).containsExactly("at-2", "at-1");
        assertThat(types(new AuditQuery(at(HOUR.multipliedBy(3)), null, null, null, 10))).containsExactly("at-4", "at-3");
        assertThat(types(new AuditQuery(null, at(HOUR), null, null, 10))).containsExactly("at-0");
    }

    @Test
    void queryFiltersBySubjectAndTypeTogether() {
        stores.audit().record(event(1, "login.failed", "u-1"));
        stores.audit().record(event(2, "login.succeeded", "u-1"));
        stores.audit().record(event(3, "login.failed", "u-2"));
        stores.audit().record(event(4, "login.failed", "u-1"));

        assertThat(stores.audit().query(new AuditQuery(null, null, "u-1", "login.failed", 10)))
                .extracting(AuditEvent::at).containsExactly(at(HOUR.multipliedBy(4)), at(HOUR));
        assertThat(types(new AuditQuery(null, null, "u-2", null, 10))).containsExactly("login.failed");
        assertThat(stores.audit().query(new AuditQuery(null, null, null, "login.succeeded", 10)))
                .extracting(AuditEvent::subject).containsExactly("u-1");
        assertThat(stores.audit().query(new AuditQuery(null, null, "u-3", null, 10))).isEmpty();
    }
}

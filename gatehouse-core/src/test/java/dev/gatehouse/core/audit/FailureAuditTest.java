package dev.gatehouse.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.testing.RecordingAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureAuditTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final RecordingAuditLog log = new RecordingAuditLog();
    private final AtomicInteger suppressedMetric = new AtomicInteger();
    private final IssuerMetrics metrics = new IssuerMetrics() {
        @Override
        public void auditSuppressed() {
            suppressedMetric.incrementAndGet();
        }
    };
    private final FailureAudit audit = new FailureAudit(log, metrics, clock, Duration.ofMinutes(1), 3, 5);

    @Test
    void eventsOfOneAddressPastTheBoundAreCountedNotRecorded() {
        refuse("203.0.113.7", 10);

        assertThat(log.events).hasSize(3);
        assertThat(suppressedMetric).hasValue(7);
    }

    @Test
    void theAddressesOfOneIpv6SlashSixtyFourShareOneBound() {
        for (int i = 1; i <= 4; i++) {
            refuse("2001:db8:1:2::" + i, 1);
        }
        refuse("2001:db8:1:3::1", 1);

        assertThat(log.events).extracting(AuditEvent::ipAddress)
                .containsExactly("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2::3", "2001:db8:1:3::1");
    }

    @Test
    void everyAddressTogetherIsBoundedToo() {
        for (int i = 0; i < 20; i++) {
            refuse("198.51.100." + i, 1);
        }

        assertThat(log.events).hasSize(5);
        assertThat(suppressedMetric).hasValue(15);
    }

    @Test
    void oneSummaryCountsTheSuppressedOnceTheirWindowHasEnded() {
        refuse("203.0.113.7", 10);
        audit.flush();
        assertThat(log.events).hasSize(3);

        clock.advance(Duration.ofMinutes(1));
        audit.flush();
        audit.flush();

        assertThat(log.events).filteredOn(e -> e.type().equals(FailureAudit.SUPPRESSED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.details()).containsEntry("count", "7").containsEntry("since", "2030-01-01T00:00:00Z");
                    assertThat(e.ipAddress()).isNull();
                });
    }

    @Test
    void aNewWindowRecordsAgainAndSummarizesTheOldOneFirst() {
        refuse("203.0.113.7", 4);
        clock.advance(Duration.ofMinutes(1));

        refuse("203.0.113.7", 1);

        assertThat(log.events).extracting(AuditEvent::type)
                .containsExactly("x.refused", "x.refused", "x.refused", FailureAudit.SUPPRESSED, "x.refused");
    }

    @Test
    void noSummaryWhenNothingWasLeftOut() {
        refuse("203.0.113.7", 3);
        clock.advance(Duration.ofMinutes(5));

        audit.flush();

        assertThat(log.events).hasSize(3);
    }

    private void refuse(String address, int times) {
        for (int i = 0; i < times; i++) {
            audit.record(AuditEvent.of(clock.instant(), "x.refused", null, null, null, address, Map.of()));
        }
    }
}

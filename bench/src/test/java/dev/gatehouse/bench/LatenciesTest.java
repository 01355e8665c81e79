package dev.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentilesOfOneToHundredAreTheirOwnRank() {
        Latencies l = Latencies.of(shuffled(1, 100));

        assertThat(l.percentile(50)).isEqualTo(50);
        assertThat(l.percentile(90)).isEqualTo(90);
        assertThat(l.percentile(99)).isEqualTo(99);
        assertThat(l.percentile(100)).isEqualTo(100);
        assertThat(l.max()).isEqualTo(100);
        assertThat(l.count()).isEqualTo(100);
    }

    @Test
    void percentileIsTheNearestRankAboveWhenItFallsBetweenSamples() {
        Latencies l = Latencies.of(shuffled(1, 10));

        assertThat(l.percentile(50)).isEqualTo(5);
        assertThat(l.percentile(55)).isEqualTo(6);
        assertThat(l.percentile(99)).isEqualTo(10);
        assertThat(l.percentile(0.1)).isEqualTo(1);
    }

    @Test
    void fractionalPercentilesAreNotPushedUpByBinaryRounding() {
        Latencies l = Latencies.of(shuffled(1, 1000));

        assertThat(l.percentile(99.9)).isEqualTo(999);
        assertThat(l.percentile(7)).isEqualTo(70);
        assertThat(l.percentile(57)).isEqualTo(570);
    }

    @Test
    void singleSampleIsEveryPercentile() {
        Latencies l = Latencies.of(42);

        assertThat(l.percentile(1)).isEqualTo(42);
        assertThat(l.percentile(99)).isEqualTo(42);
        assertThat(l.max()).isEqualTo(42);
    }

    @Test
    void duplicateSamplesCountEachTime() {
        Latencies l = Latencies.of(5, 5, 5, 5, 5, 5, 5, 5, 5, 100);

        assertThat(l.percentile(90)).isEqualTo(5);
        assertThat(l.percentile(91)).isEqualTo(100);
    }

    @Test
    void percentileOutsideZeroToHundredIsRejected() {
        Latencies l = Latencies.of(1, 2, 3);

        assertThatThrownBy(() -> l.percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.percentile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptySamplesHaveNoPercentiles() {
        Latencies l = Latencies.of();

        assertThat(l.isEmpty()).isTrue();
        assertThatThrownBy(() -> l.percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(l::max).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recordersOfSeveralWorkersMergeIntoOneDistribution() {
        List<Latencies.Recorder> recorders = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            Latencies.Recorder r = new Latencies.Recorder();
            for (long v = worker + 1; v <= 4000; v += 4) {
                r.record(v);
            }
            recorders.add(r);
        }

        Latencies merged = Latencies.merge(recorders);

        assertThat(merged.count()).isEqualTo(4000);
        assertThat(merged.percentile(50)).isEqualTo(2000);
        assertThat(merged.percentile(99)).isEqualTo(3960);
        assertThat(merged.max()).isEqualTo(4000);
    }

    private static long[] shuffled(long from, long to) {
        List<Long> values = new ArrayList<>(LongStream.rangeClosed(from, to).boxed().toList());
        Collections.shuffle(values, new Random(7));
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}

package dev.gatehouse.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/** Latency samples of one run, in nanoseconds, with nearest-rank percentiles. */
public final class Latencies {
    private final long[] sorted;

    private Latencies(long[] sorted) {
        this.sorted = sorted;
    }

    public static Latencies of(long... samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return new Latencies(copy);
    }

    public int count() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /**
     * The nearest-rank percentile: the smallest sample that at least {@code p} percent of the samples do not
     * exceed. Computed in decimal so that, say, p99.9 of 1,000 samples is the 999th and not the 1,000th.
     *
     * @param p in (0, 100]
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = BigDecimal.valueOf(p).multiply(BigDecimal.valueOf(sorted.length))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).intValueExact();
        return sorted[Math.max(rank, 1) - 1];
    }

    public long max() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        return sorted[sorted.length - 1];
    }

    /** Collects samples on one thread; not thread-safe. */
    public static final class Recorder {
        private long[] samples = new long[1024];
        private int size;

        public void record(long nanos) {
            if (size == samples.length) {
                samples = Arrays.copyOf(samples, size * 2);
            }
            samples[size++] = nanos;
        }
    }

    public static Latencies merge(List<Recorder> recorders) {
        long[] all = new long[recorders.stream().mapToInt(r -> r.size).sum()];
        int at = 0;
        for (Recorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.size);
            at += r.size;
        }
        Arrays.sort(all);
        return new Latencies(all);
    }
}

package dev.gatehouse.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The measured part of a load run. Latencies count responses of any status; errors are transport failures. */
public record LoadReport(String scenario, URI target, int concurrency, Duration warmup, Duration elapsed,
                         Latencies latencies, Map<Integer, Long> statuses, long errors) {
    public long responses() {
        return latencies.count();
    }

    public long successes() {
        return statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
    }

    public long nonSuccesses() {
        return responses() - successes();
    }

    public double perSecond() {
        return responses() / (elapsed.toNanos() / 1e9);
    }

    public String format() {
        StringBuilder b = new StringBuilder();
        line(b, "scenario", "%s  %s  concurrency %d", scenario, target, concurrency);
        line(b, "measured", "%.1f s after %.1f s warm-up", elapsed.toNanos() / 1e9, warmup.toNanos() / 1e9);
        line(b, "responses", "%d  (%.1f requests/s)", responses(), perSecond());
        if (latencies.isEmpty()) {
            line(b, "latency ms", "no responses");
        } else {
            line(b, "latency ms", "p50 %.2f  p90 %.2f  p99 %.2f  max %.2f", ms(latencies.percentile(50)),
                    ms(latencies.percentile(90)), ms(latencies.percentile(99)), ms(latencies.max()));
        }
        line(b, "non-2xx", "%d", nonSuccesses());
        line(b, "errors", "%d", errors);
        line(b, "statuses", "%s", statuses.isEmpty() ? "-" : statuses.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String format, Object... args) {
        b.append(String.format(Locale.ROOT, "%-12s", label)).append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

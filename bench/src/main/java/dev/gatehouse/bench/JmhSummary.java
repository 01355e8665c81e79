package dev.gatehouse.bench;

import com.nimbusds.jose.util.JSONArrayUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JMH JSON result file and prints each of our benchmarks as a ratio against its baseline from the
 * same run: {@code mint / rawSign} and {@code verify / rawVerify} per algorithm (1.00 means our code adds
 * nothing), and each secret check against the generated-secret check.
 */
public final class JmhSummary {
    private static final String TOKEN = TokenBenchmark.class.getName() + ".";
    private static final String SECRET = ClientSecretBenchmark.class.getName() + ".";

    /** One benchmark result; {@code param} is the algorithm for token benchmarks, empty otherwise. */
    record Result(String benchmark, String param, double score, double error, String unit) {}

    private JmhSummary() {}

    public static void main(String[] args) throws IOException, ParseException {
        if (args.length != 1) {
            System.err.println("usage: JmhSummary jmh-result.json");
            System.exit(2);
        }
        System.out.print(format(parse(Files.readString(Path.of(args[0])))));
    }

    static List<Result> parse(String json) throws ParseException {
        List<Result> results = new ArrayList<>();
        for (Object o : JSONArrayUtils.parse(json)) {
            Map<?, ?> run = (Map<?, ?>) o;
            Map<?, ?> params = run.get("params") instanceof Map<?, ?> p ? p : Map.of();
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            String param = params.isEmpty() ? "" : String.valueOf(params.values().iterator().next());
            results.add(new Result((String) run.get("benchmark"), param, number(metric.get("score")),
                    number(metric.get("scoreError")), (String) metric.get("scoreUnit")));
        }
        return results;
    }

    static String format(List<Result> results) {
        StringBuilder b = new StringBuilder();
        Map<String, Map<String, Result>> token = new LinkedHashMap<>();
        Map<String, Result> secret = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.benchmark().startsWith(TOKEN)) {
                token.computeIfAbsent(r.param(), k -> new LinkedHashMap<>()).put(r.benchmark().substring(TOKEN.length()), r);
            } else if (r.benchmark().startsWith(SECRET)) {
                secret.put(r.benchmark().substring(SECRET.length()), r);
            }
        }
        if (!token.isEmpty()) {
            b.append("Access tokens, ops/s (higher is better); ratio = Gatehouse / bare Nimbus, same key, same run\n");
            b.append(String.format(Locale.ROOT, "%-7s %10s %10s %6s   %10s %10s %6s%n",
                    "alg", "mint", "rawSign", "ratio", "verify", "rawVerify", "ratio"));
            token.forEach((alg, m) -> b.append(String.format(Locale.ROOT, "%-7s %10s %10s %6s   %10s %10s %6s%n", alg,
                    score(m.get("mint")), score(m.get("rawSign")), ratio(m.get("mint"), m.get("rawSign")),
                    score(m.get("verify")), score(m.get("rawVerify")), ratio(m.get("verify"), m.get("rawVerify")))));
        }
        if (!secret.isEmpty()) {
            Result base = secret.get("generatedSecret");
            b.append("Client secret check, time per check (lower is better); x = multiple of the generated-secret check\n");
            secret.forEach((name, r) -> b.append(String.format(Locale.ROOT, "%-18s %12.3f %-6s %s%n", name, r.score(),
                    r.unit(), base == null || r == base ? "" : String.format(Locale.ROOT, "x%.1f", r.score() / base.score()))));
        }
        return b.toString();
    }

    private static String score(Result r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.0f", r.score());
    }

    private static String ratio(Result ours, Result baseline) {
        return ours == null || baseline == null ? "-" : String.format(Locale.ROOT, "%.2f", ours.score() / baseline.score());
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}

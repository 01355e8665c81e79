package dev.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhSummaryTest {
    private static final String RESULT = """
            [
              {"benchmark": "dev.gatehouse.bench.TokenBenchmark.mint", "mode": "thrpt", "params": {"algorithm": "ES256"},
               "primaryMetric": {"score": 4000.0, "scoreError": 100.0, "scoreUnit": "ops/s"}},
              {"benchmark": "dev.gatehouse.bench.TokenBenchmark.rawSign", "mode": "thrpt", "params": {"algorithm": "ES256"},
               "primaryMetric": {"score": 5000.0, "scoreError": 90.0, "scoreUnit": "ops/s"}},
              {"benchmark": "dev.gatehouse.bench.TokenBenchmark.verify", "mode": "thrpt", "params": {"algorithm": "ES256"},
               "primaryMetric": {"score": 1500.0, "scoreError": "NaN", "scoreUnit": "ops/s"}},
              {"benchmark": "dev.gatehouse.bench.TokenBenchmark.rawVerify", "mode": "thrpt", "params": {"algorithm": "ES256"},
               "primaryMetric": {"score": 2000.0, "scoreError": 30.0, "scoreUnit": "ops/s"}},
              {"benchmark": "dev.gatehouse.bench.ClientSecretBenchmark.generatedSecret", "mode": "avgt",
               "primaryMetric": {"score": 0.5, "scoreError": 0.01, "scoreUnit": "us/op"}},
              {"benchmark": "dev.gatehouse.bench.ClientSecretBenchmark.argon2FirstCheck", "mode": "avgt",
               "primaryMetric": {"score": 25000.0, "scoreError": 500.0, "scoreUnit": "us/op"}}
            ]
            """;

    @Test
    void parsesEveryResultWithItsParameter() throws Exception {
        List<JmhSummary.Result> results = JmhSummary.parse(RESULT);

        assertThat(results).hasSize(6);
        assertThat(results.getFirst()).isEqualTo(new JmhSummary.Result("dev.gatehouse.bench.TokenBenchmark.mint", "ES256",
                4000.0, 100.0, "ops/s"));
        assertThat(results.get(2).error()).isNaN();
        assertThat(results.get(4).param()).isEmpty();
    }

    @Test
    void printsOurCodeAsARatioOfTheBaselineOfTheSameRun() throws Exception {
        String summary = JmhSummary.format(JmhSummary.parse(RESULT));

        assertThat(summary).containsPattern("ES256\\s+4000\\s+5000\\s+0\\.80\\s+1500\\s+2000\\s+0\\.75");
        assertThat(summary).containsPattern("argon2FirstCheck\\s+25000\\.000 us/op\\s+x50000\\.0");
        assertThat(summary).containsPattern("generatedSecret\\s+0\\.500 us/op\\s*\\n");
    }

    @Test
    void missingBaselinePrintsADashInsteadOfARatio() throws Exception {
        String summary = JmhSummary.format(JmhSummary.parse("""
                [{"benchmark": "dev.gatehouse.bench.TokenBenchmark.mint", "params": {"algorithm": "RS256"},
                  "primaryMetric": {"score": 700.0, "scoreError": 1.0, "scoreUnit": "ops/s"}}]
                """));

        assertThat(summary).containsPattern("RS256\\s+700\\s+-\\s+-");
    }
}

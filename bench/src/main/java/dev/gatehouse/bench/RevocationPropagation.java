package dev.gatehouse.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Measures how long a revocation takes to reach a gate: for each round it takes a client_credentials token,
 * checks that the gate lets it through, revokes it at the issuer (RFC 7009), and from the moment the revoke
 * call returns polls the gate until it answers 401. Prints p50/p90/p99/max of that delay over all rounds.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.gatehouse.bench.RevocationPropagation \
 *     ISSUER_URL GATE_URL CLIENT_ID ROUNDS     (client secret in $GATEHOUSE_BENCH_CLIENT_SECRET)
 * </pre>
 * GATE_URL is a protected URL on the gateway, or the issuer's verify endpoint. Loopback targets only.
 */
public final class RevocationPropagation {
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI issuer;
    private final URI gate;
    private final String basic;

    RevocationPropagation(URI issuer, URI gate, String clientId, String secret) {
        this.issuer = LoopbackGuard.requireLoopback(issuer);
        this.gate = LoopbackGuard.requireLoopback(gate);
        String credentials = form(clientId) + ":" + form(secret);
        this.basic = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv(LoadOptions.SECRET_ENV);
        if (args.length != 4 || secret == null) {
            System.err.println("usage: RevocationPropagation ISSUER_URL GATE_URL CLIENT_ID ROUNDS"
                    + " (client secret in $" + LoadOptions.SECRET_ENV + ")");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[3]);
        if (rounds < 1 || rounds > 100_000) {
            System.err.println("ROUNDS: 1..100000");
            System.exit(2);
        }
        Latencies delays = new RevocationPropagation(URI.create(args[0]), URI.create(args[1]), args[2], secret).run(rounds);
        System.out.printf(Locale.ROOT, "revocation propagation over %d revocations: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                delays.count(), ms(delays.percentile(50)), ms(delays.percentile(90)), ms(delays.percentile(99)), ms(delays.max()));
    }

    Latencies run(int rounds) throws IOException, InterruptedException, ParseException {
        long[] samples = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String token = token();
            int before = call(token);
            if (before != 200) {
                throw new IllegalStateException("the gate refused a fresh token with " + before);
            }
            revoke(token);
            long revoked = System.nanoTime();
            long deadline = revoked + GIVE_UP.toNanos();
            while (call(token) != 401) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gate still accepts a token revoked " + GIVE_UP.toSeconds() + " s ago");
                }
            }
            samples[i] = System.nanoTime() - revoked;
        }
        return Latencies.of(samples);
    }

    private String token() throws IOException, InterruptedException, ParseException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token request answered " + r.statusCode() + ": " + r.body());
        }
        Map<String, Object> json = JSONObjectUtils.parse(r.body());
        return (String) json.get("access_token");
    }

    private void revoke(String token) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/revoke"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("revocation answered " + r.statusCode());
        }
    }

    private int call(String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(gate).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

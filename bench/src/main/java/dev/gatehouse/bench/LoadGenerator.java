package dev.gatehouse.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one scenario's request from a fixed number of virtual threads, each waiting for its response before
 * the next request (closed loop), against an issuer on this machine. Prints throughput, latency percentiles,
 * non-2xx responses and transport errors. Run with {@code java -cp bench/target/benchmarks.jar
 * dev.gatehouse.bench.LoadGenerator --help}.
 */
public final class LoadGenerator {
    private final LoadOptions options;
    private final HttpRequest request;
    private final HttpClient http;

    public LoadGenerator(LoadOptions options) {
        this.options = options;
        this.request = Scenario.of(options).request();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || List.of(args).contains("--help")) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args, System.getenv());
            LoopbackGuard.requireLoopback(options.baseUri());
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        LoadReport report = new LoadGenerator(options).run();
        System.out.print(report.format());
        if (report.successes() == 0) {
            System.exit(1);
        }
    }

    public LoadReport run() throws InterruptedException {
        if (!options.warmup().isZero()) {
            phase(options.warmup(), Long.MAX_VALUE);
        }
        return phase(options.duration(), options.requests() > 0 ? options.requests() : Long.MAX_VALUE);
    }

    /** One worker's tally; touched by its own thread only. */
    private static final class Tally {
        final Latencies.Recorder latencies = new Latencies.Recorder();
        final Map<Integer, Long> statuses = new TreeMap<>();
        long errors;
    }

    private LoadReport phase(Duration limit, long requests) throws InterruptedException {
        AtomicLong remaining = new AtomicLong(requests);
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<Future<Tally>> workers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.concurrency(); i++) {
                workers.add(threads.submit(() -> work(deadline, remaining)));
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        List<Latencies.Recorder> recorders = new ArrayList<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        long errors = 0;
        for (Future<Tally> f : workers) {
            Tally t;
            try {
                t = f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("load worker failed", e.getCause());
            }
            recorders.add(t.latencies);
            t.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
            errors += t.errors;
        }
        return new LoadReport(options.scenario().cliName(), options.baseUri(), options.concurrency(), options.warmup(),
                elapsed, Latencies.merge(recorders), statuses, errors);
    }

    private Tally work(long deadline, AtomicLong remaining) {
        Tally tally = new Tally();
        while (deadline - System.nanoTime() > 0 && remaining.getAndDecrement() > 0) {
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                tally.latencies.record(System.nanoTime() - sent);
                tally.statuses.merge(response.statusCode(), 1L, Long::sum);
            } catch (IOException e) {
                tally.errors++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return tally;
    }
}

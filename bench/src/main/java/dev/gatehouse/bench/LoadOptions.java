package dev.gatehouse.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command line of the load generator. A run is always bounded: by a duration of at most
 * {@link #MAX_DURATION}, or by a request count of at most {@link #MAX_REQUESTS} (and then still by
 * {@link #MAX_DURATION}).
 *
 * @param requests 0 when the run is bounded by {@code duration} only
 */
public record LoadOptions(URI baseUri, Scenario.Kind scenario, String clientId, String clientSecret, String scope,
                          String username, String password, int concurrency, Duration duration, long requests,
                          Duration warmup, String tokenPath, String loginPath, String path, String bearer) {
    public static final Duration MAX_DURATION = Duration.ofMinutes(10);
    public static final long MAX_REQUESTS = 10_000_000;
    public static final int MAX_CONCURRENCY = 1024;
    public static final String SECRET_ENV = "GATEHOUSE_BENCH_CLIENT_SECRET";
    public static final String PASSWORD_ENV = "GATEHOUSE_BENCH_PASSWORD";
    public static final String TOKEN_ENV = "GATEHOUSE_BENCH_TOKEN";

    public static final String USAGE = """
            usage: LoadGenerator --url http://127.0.0.1:PORT --scenario liveness|client-credentials|login|get [options]
              --client-id ID          client_credentials: the client (secret from --client-secret or $%s)
              --client-secret SECRET
              --scope "a b"           client_credentials: scope to ask for (default: none, i.e. all registered)
              --username NAME         login: the user (password from --password or $%s)
              --password PASSWORD
              --concurrency N         parallel requests in flight (default 16, at most %d)
              --duration 30s          how long to measure (default 10s, at most 10m); or
              --requests N            how many requests to measure (at most %d)
              --warmup 5s             load before measuring, not counted (default 5s; 0 for none)
              --path /orders?x=1      get: the path (and query) to GET
                                      get: sends "Authorization: Bearer $%s" when that variable is set
              --token-path PATH       default /oauth2/token
              --login-path PATH       default /api/v1/login
            The target must be 127.0.0.0/8, [::1] or localhost.
            """.formatted(SECRET_ENV, PASSWORD_ENV, MAX_CONCURRENCY, MAX_REQUESTS, TOKEN_ENV);

    private static final Set<String> FLAGS = Set.of("--url", "--scenario", "--client-id", "--client-secret", "--scope",
            "--username", "--password", "--concurrency", "--duration", "--requests", "--warmup", "--token-path",
            "--login-path", "--path");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    /**
     * @param env where secrets are read from when not given as flags
     * @throws IllegalArgumentException naming the offending flag
     */
    public static LoadOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(arg + ": missing value");
            }
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (values.put(flag, value) != null) {
                throw new IllegalArgumentException(flag + " given twice");
            }
        }
        String url = required(values, "--url");
        URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        Scenario.Kind kind = Scenario.Kind.fromName(required(values, "--scenario"));
        String clientId = values.get("--client-id");
        String secret = values.getOrDefault("--client-secret", env.get(SECRET_ENV));
        String username = values.get("--username");
        String password = values.getOrDefault("--password", env.get(PASSWORD_ENV));
        switch (kind) {
            case LIVENESS -> { }
            case GET -> {
                String path = values.get("--path");
                if (path == null || !path.startsWith("/")) {
                    throw new IllegalArgumentException("get needs --path starting with /");
                }
            }
            case CLIENT_CREDENTIALS -> {
                if (clientId == null || secret == null) {
                    throw new IllegalArgumentException("client-credentials needs --client-id and --client-secret (or $" + SECRET_ENV + ")");
                }
            }
            case LOGIN -> {
                if (username == null || password == null) {
                    throw new IllegalArgumentException("login needs --username and --password (or $" + PASSWORD_ENV + ")");
                }
            }
        }
        int concurrency = Integer.parseInt(values.getOrDefault("--concurrency", "16"));
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency: 1.." + MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (values.containsKey("--duration") && values.containsKey("--requests")) {
            throw new IllegalArgumentException("give --duration or --requests, not both");
        }
        long requests = 0;
        Duration duration = MAX_DURATION;
        if (values.containsKey("--requests")) {
            requests = Long.parseLong(values.get("--requests"));
            if (requests < 1 || requests > MAX_REQUESTS) {
                throw new IllegalArgumentException("--requests: 1.." + MAX_REQUESTS + ", got " + requests);
            }
        } else {
            duration = duration("--duration", values.getOrDefault("--duration", "10s"));
            if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("--duration: more than 0 and at most 10m, got " + values.get("--duration"));
            }
        }
        Duration warmup = duration("--warmup", values.getOrDefault("--warmup", "5s"));
        if (warmup.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("--warmup: at most 2m");
        }
        return new LoadOptions(base, kind, clientId, secret, values.get("--scope"), username, password, concurrency,
                duration, requests, warmup, values.getOrDefault("--token-path", "/oauth2/token"),
                values.getOrDefault("--login-path", "/api/v1/login"), values.get("--path"), env.get(TOKEN_ENV));
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 2m} or a plain number of seconds. */
    static Duration duration(String flag, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + ": expected e.g. 500ms, 30s or 2m, got " + text);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static String required(Map<String, String> values, String flag) {
        String v = values.get(flag);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(flag + " is required");
        }
        return v;
    }

    /** Secrets stay out of logs and exceptions. */
    @Override
    public String toString() {
        return "LoadOptions[" + baseUri + ", " + scenario.cliName() + ", concurrency " + concurrency + "]";
    }
}

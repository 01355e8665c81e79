package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A plain upstream service on a free port that answers every request with JSON describing it: its own name, the
 * method, path, query, headers (lower-case names) and how many body bytes it read. Paths starting with
 * {@code /slow} answer only after {@link #SLOW_MILLIS}.
 */
final class EchoUpstream implements AutoCloseable {
    static final long SLOW_MILLIS = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpServer server;

    private EchoUpstream(String name, HttpServer server) {
        this.name = name;
        this.server = server;
    }

    static EchoUpstream start(String name) {
        try {
            return start(name, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An https upstream presenting the key and certificate of {@code tls}. */
    static EchoUpstream startTls(String name, SSLContext tls) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return start(name, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EchoUpstream start(String name, HttpServer server) {
        {
            EchoUpstream upstream = new EchoUpstream(name, server);
            server.createContext("/", upstream::echo);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return upstream;
        }
    }

    URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    private void echo(HttpExchange exchange) throws IOException {
        long bytes = 0;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
            }
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/slow")) {
            try {
                Thread.sleep(SLOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upstream", name);
        body.put("method", exchange.getRequestMethod());
        body.put("path", path);
        body.put("query", exchange.getRequestURI().getRawQuery());
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        body.put("headers", headers);
        body.put("body_bytes", bytes);
        byte[] out = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        try (var os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

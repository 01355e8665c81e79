package dev.gatehouse.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.client.IdentityHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in microservice for the demo and the benchmarks: it trusts the gateway's verdict and answers every
 * request with its own name, the method and path it received, and the identity headers the gateway added.
 * It listens on loopback only, since it believes those headers.
 */
public final class SampleService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpServer server;

    private SampleService(String name, HttpServer server) {
        this.name = name;
        this.server = server;
    }

    /** @param port 0 picks a free one */
    public static SampleService start(String name, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        SampleService service = new SampleService(name, server);
        server.createContext("/", service::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return service;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            long received = body.transferTo(OutputStream.nullOutputStream());
            Map<String, String> identity = new LinkedHashMap<>();
            for (String header : IdentityHeaders.NAMES) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    identity.put(header, value);
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("service", name);
            answer.put("method", exchange.getRequestMethod());
            answer.put("path", exchange.getRequestURI().getRawPath());
            answer.put("body_bytes", received);
            answer.put("identity", identity);
            byte[] bytes = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

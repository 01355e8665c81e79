package dev.gatehouse.server.ops;

import static dev.gatehouse.server.login.FirstPartyLogin.problem;
import static dev.gatehouse.server.login.FirstPartyLogin.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.testing.RawHttp;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorResponsesTest {
    /** A frame of a Java stack trace, or the name of an exception class. */
    private static final Pattern STACK_TRACE = Pattern.compile("(?s).*(\\bat [\\w$.]+\\([\\w$]*(\\.java:\\d+|Native Method|Unknown Source)\\)|Exception\\b|\\.java:\\d+).*");

    @TempDir
    Path dataDir;

    private TestIssuer issuer;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dataDir);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "BREW"})
    void unknownPathIs404Problem(String method) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(issuer.uri("/no/such/thing"))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problem(response)).containsEntry("type", "about:blank").containsEntry("title", "Not Found")
                .containsEntry("status", 404L).containsKey("detail");
    }

    @Test
    void unexpectedFailureIs500ProblemWithIncidentAndNoInternals() {
        issuer.closeDatabase();

        HttpResponse<String> response = send(HttpRequest.newBuilder(issuer.uri(Endpoints.LOGIN))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"correct horse battery\"}"))
                .header("Content-Type", "application/json").build());

        assertThat(response.statusCode()).isEqualTo(500);
        Map<String, Object> problem = problem(response);
        assertThat(problem).containsEntry("status", 500L).containsEntry("title", "Internal Server Error");
        assertThat((String) problem.get("detail")).matches("Internal error; incident [0-9a-f-]{36}");
        assertThat(response.body()).doesNotMatch(STACK_TRACE).doesNotContainIgnoringCase("jdbc").doesNotContainIgnoringCase("sql");
    }

    @Test
    void malformedInputGetsNoStackTraceAndNoServerErrorAnywhere() {
        List<HttpResponse<String>> responses = new ArrayList<>();
        String deep = "[".repeat(5000) + "]".repeat(5000);
        List<String> bodies = List.of("{", deep, "{\"username\":" + deep + "}", "{\"username\":1e999999999,\"password\":\"x\"}",
                "{\"username\":\"\\ud800\",\"password\":\"\\u0000\"}", "\u0000\u0001\u0002", "{\"username\":\"a\",\"password\":\"" + "\\".repeat(3) + "\"}");
        List<String> contentTypes = List.of("application/json", "application/json; charset=nonsense", "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=nonsense", "");
        List<String> paths = List.of(Endpoints.LOGIN, Endpoints.LOGOUT, Endpoints.TOKEN, Endpoints.REVOCATION,
                Endpoints.INTROSPECTION, Endpoints.USERINFO, Endpoints.READY, Endpoints.METRICS, Endpoints.ADMIN + "/users");
        for (String path : paths) {
            for (String body : bodies) {
                for (String contentType : contentTypes) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(issuer.uri(path))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            // within the header size limit: a request refused for its headers cannot have its
                            // body read, and its client may see the connection reset instead of the 431
                            .header("Authorization", "Bearer " + truncate(body.replaceAll("[^A-Za-z0-9.]", "x"), 2000));
                    if (!contentType.isEmpty()) {
                        request.header("Content-Type", contentType);
                    }
                    responses.add(send(request.build()));
                }
            }
            responses.add(send(HttpRequest.newBuilder(issuer.uri(path + "?a=%00&b=%C3%28")).GET().build()));
        }
        responses.add(send(HttpRequest.newBuilder(issuer.uri(Endpoints.LOGIN)).POST(HttpRequest.BodyPublishers.ofByteArray(
                new byte[] {'{', '"', 'u', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})).header("Content-Type", "application/json").build()));

        SoftAssertions softly = new SoftAssertions();
        for (HttpResponse<String> response : responses) {
            String call = response.request().uri() + " " + response.request().headers().firstValue("Content-Type").orElse("-");
            softly.assertThat(response.statusCode()).as(call).isLessThan(500);
            softly.assertThat(response.body()).as(call + " " + response.statusCode()).doesNotMatch(STACK_TRACE);
        }
        softly.assertAll();
    }

    @Test
    void malformedHttpIsA400ProblemWithoutAStackTrace() throws IOException {
        List<String> requests = List.of(
                "GET /%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST " + Endpoints.LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
                "POST " + Endpoints.LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST " + Endpoints.LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\"",
                "GET " + Endpoints.LIVE + " HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n");
        for (String request : requests) {
            String response = raw(request);

            assertThat(response).as(request).startsWith("HTTP/1.1 400 ").doesNotMatch(STACK_TRACE)
                    .containsIgnoringCase("Content-Type: application/problem+json").contains("\"status\":400");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Endpoints.LOGOUT, Endpoints.LOGIN, Endpoints.TOKEN, Endpoints.USERINFO, Endpoints.METRICS, "/no/such/thing"})
    void aRefusalWaitsForTheBodyAndKeepsTheConnection(String path) throws Exception {
        try (RawHttp connection = RawHttp.connect(issuer.baseUri())) {
            connection.postInTwoParts(path, "Authorization: Bearer not-a-token\r\nContent-Type: text/plain\r\n",
                    "{\"a\":\"" + "x".repeat(20_000) + "\"}");

            assertThat(connection.response()).matches("(?s)HTTP/1.1 4\\d\\d .*").doesNotContainIgnoringCase("Connection: close");

            connection.get(Endpoints.LIVE);
            assertThat(connection.response()).as("the next request on the same connection").startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aBodyOverTheLimitGetsIts413AfterItWasReadAndKeepsTheConnection() throws Exception {
        try (RawHttp connection = RawHttp.connect(issuer.baseUri())) {
            int limit = (int) issuer.config().maxBodyBytes();
            // the first part alone is over the limit, so the 413 is decided before the rest arrives
            connection.postInTwoParts(Endpoints.LOGIN, "Content-Type: application/json\r\n",
                    "{\"username\":\"" + "x".repeat(2 * limit) + "\"}", limit + 10);

            assertThat(connection.response()).startsWith("HTTP/1.1 413 ").doesNotContainIgnoringCase("Connection: close");

            connection.get(Endpoints.LIVE);
            assertThat(connection.response()).as("the next request on the same connection").startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void headersOverTheLimitAre431ProblemWithoutAStackTrace() throws IOException {
        String response = raw("GET " + Endpoints.LIVE + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + "x".repeat(20_000)
                + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431 ").doesNotMatch(STACK_TRACE)
                .containsIgnoringCase("Content-Type: application/problem+json").contains("\"status\":431");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(issuer.baseUri().getHost(), issuer.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }
}

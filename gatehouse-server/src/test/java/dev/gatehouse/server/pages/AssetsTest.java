package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.testing.RawHttp;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuer serves the pages' assets from the operator's directory and the classpath, and nothing else. */
class AssetsTest {
    private static final String SECRET = "not-an-asset-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;
    private static TestIssuer issuer;

    @BeforeAll
    static void start() throws IOException {
        Path pages = Files.createDirectories(dir.resolve("pages"));
        Files.createDirectories(pages.resolve("assets/nested"));
        Files.writeString(pages.resolve("assets/brand.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.writeString(pages.resolve("assets/notes.txt"), SECRET);
        Files.writeString(pages.resolve("assets/nested/inner.css"), SECRET);
        Files.writeString(pages.resolve("messages.properties"), "secret.key=" + SECRET + "\n");
        Files.writeString(dir.resolve("outside.css"), SECRET);
        issuer = TestIssuer.start(dir.resolve("data"), c -> c.withPages(PagesConfig.fromDirectory(pages)));
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void builtInStylesheetScriptAndLogoWithTheirTypesAndCaching() throws Exception {
        assertAsset("/assets/gatehouse.css", "text/css; charset=utf-8", "--gh-primary");
        assertAsset("/assets/form-post.js", "text/javascript; charset=utf-8", "HTMLFormElement.prototype.submit");
        assertAsset("/assets/logo.svg", "image/svg+xml", "<svg");
        assertAsset("/assets/brand.svg", "image/svg+xml", "<svg");
    }

    @Test
    void unchangedAssetIsAnswered304() throws Exception {
        HttpResponse<String> first = get("/assets/gatehouse.css");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(issuer.uri("/assets/gatehouse.css"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void unknownNamesAndFilesOfOtherTypesAreNotFound() throws Exception {
        assertThat(get("/assets/nothing.css").statusCode()).isEqualTo(404);
        assertThat(get("/assets/notes.txt").statusCode()).isEqualTo(404);
        assertThat(get("/assets/nested/inner.css").statusCode()).isEqualTo(404);
        assertThat(get("/assets/").statusCode()).isEqualTo(404);
    }

    @Test
    void traversalNeverReachesAFile() throws IOException {
        List<String> attempts = List.of(
                "/assets/../outside.css",
                "/assets/../../outside.css",
                "/assets/%2e%2e/outside.css",
                "/assets/%2e%2e%2foutside.css",
                "/assets/..%2f..%2foutside.css",
                "/assets/..%5c..%5coutside.css",
                "/assets/%252e%252e%252foutside.css",
                "/assets/..;/outside.css",
                "/assets/nested%2finner.css",
                "/assets/%2e%2e/messages.properties",
                "/assets/..%2fmessages.properties",
                "/assets/..%2f..%2fpages%2fmessages.properties",
                "/assets/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
                "/assets/%c0%ae%c0%ae/outside.css",
                "/assets//etc/passwd",
                "/assets/.%2e/pages/layout.ftlh",
                "/assets/../pages/messages.properties",
                "/assets/%2e%2e%2fpages%2fsign-in.ftlh");
        for (String path : attempts) {
            String response = RawHttp.exchange(issuer.nodeUri(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(response).as(path).doesNotStartWith("HTTP/1.1 200").doesNotContain(SECRET)
                    .doesNotContain("root:x:0").doesNotContain("<#");
        }
    }

    @Test
    void assetsCarryTheirOwnStrictPolicy() throws Exception {
        HttpResponse<String> r = get("/assets/logo.svg");

        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(PageHeaders.ASSET_POLICY);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    private static void assertAsset(String path, String type, String content) throws Exception {
        HttpResponse<String> r = get(path);

        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue(type);
        assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("public, max-age=86400");
        assertThat(r.headers().firstValue("ETag")).as(path).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{12}\""));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        assertThat(r.body()).as(path).contains(content);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(issuer.nodeUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CsrfTest {
    private static final Pattern FIELD = Pattern.compile("<input type=\"hidden\" name=\"csrf\" value=\"([^\"]*)\">");
    private static PagesServer server;

    @BeforeAll
    static void start() {
        server = new PagesServer(new Pages());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.changes.set(0);
    }

    @Test
    void cookieIsHostPrefixedSecureHttpOnlyLaxForTheWholeSite() throws Exception {
        HttpResponse<String> r = server.get("/sign-in");

        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        String cookie = cookies.getFirst();
        assertThat(cookie).startsWith("__Host-gh-csrf=").contains("; Path=/").contains("; Secure").contains("; HttpOnly")
                .contains("; SameSite=Lax").doesNotContainIgnoringCase("Domain=");
        assertThat(cookieValue(cookie)).matches("[A-Za-z0-9_-]{43}").isEqualTo(field(r.body()));
    }

    @Test
    void browserKeepsItsTokenAcrossPages() throws Exception {
        String token = cookieValue(server.get("/sign-in").headers().firstValue("Set-Cookie").orElseThrow());

        HttpResponse<String> again = server.get("/consent", "Cookie", Csrf.COOKIE + "=" + token);

        assertThat(again.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(field(again.body())).isEqualTo(token);
    }

    @Test
    void cookieThatIsNotOneOfOurTokensIsReplaced() throws Exception {
        HttpResponse<String> r = server.get("/sign-in", "Cookie", Csrf.COOKIE + "=short\"<x>");

        assertThat(r.headers().allValues("Set-Cookie")).hasSize(1);
        assertThat(field(r.body())).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void formWithTheBrowsersTokenIsAccepted() throws Exception {
        String token = cookieValue(server.get("/sign-in").headers().firstValue("Set-Cookie").orElseThrow());

        HttpResponse<String> r = server.post("/guarded", "csrf=" + token, "Cookie", Csrf.COOKIE + "=" + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.changes).hasValue(1);
    }

    @Test
    void formWithoutTokenIsRefusedWithAPageAndChangesNothing() throws Exception {
        String token = cookieValue(server.get("/sign-in").headers().firstValue("Set-Cookie").orElseThrow());

        assertRefused(server.post("/guarded", "username=alice", "Cookie", Csrf.COOKIE + "=" + token));
        assertRefused(server.post("/guarded", "csrf=", "Cookie", Csrf.COOKIE + "=" + token));
    }

    @Test
    void formWithoutCookieIsRefused() throws Exception {
        String token = cookieValue(server.get("/sign-in").headers().firstValue("Set-Cookie").orElseThrow());

        assertRefused(server.post("/guarded", "csrf=" + token));
    }

    @Test
    void formWithAnotherBrowsersTokenIsRefused() throws Exception {
        String mine = cookieValue(server.get("/sign-in").headers().firstValue("Set-Cookie").orElseThrow());
        String theirs = cookieValue(server.get("/sign-in").headers().firstValue("Set-Cookie").orElseThrow());
        String almost = mine.substring(0, 42) + (mine.charAt(42) == 'A' ? 'B' : 'A');

        assertRefused(server.post("/guarded", "csrf=" + theirs, "Cookie", Csrf.COOKIE + "=" + mine));
        assertRefused(server.post("/guarded", "csrf=" + almost, "Cookie", Csrf.COOKIE + "=" + mine));
    }

    @Test
    void equalButMalformedCookieAndFieldAreRefused() throws Exception {
        assertRefused(server.post("/guarded", "csrf=abc", "Cookie", Csrf.COOKIE + "=abc"));
    }

    private static void assertRefused(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(r.body()).contains("This form has expired or did not come from this site.");
        assertThat(server.changes).hasValue(0);
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String field(String body) {
        Matcher m = FIELD.matcher(body);
        assertThat(m.find()).as("csrf field in %s", body).isTrue();
        return m.group(1);
    }
}

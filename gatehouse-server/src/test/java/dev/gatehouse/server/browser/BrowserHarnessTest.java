package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;

/**
 * The browser harness itself, on a page of its own: a page loads, a form is typed into and submitted, and a
 * {@code __Host-} cookie (which must be Secure) set over plain HTTP on a loopback address comes back. Chromium
 * treats http://127.0.0.1 and http://localhost as potentially trustworthy origins, so the issuer's browser
 * session cookie works in these tests without TLS.
 */
class BrowserHarnessTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    static Javalin site;

    @BeforeAll
    static void start() {
        site = Javalin.create(config -> {
            config.routes.get("/form", ctx -> {
                ctx.header("Set-Cookie", "__Host-probe=seen-" + ctx.host().replace(':', '-')
                        + "; Path=/; Secure; HttpOnly; SameSite=Lax");
                ctx.html("""
                        <!doctype html><html lang="en"><head><title>Probe</title></head><body>
                        <form method="post" action="/form">
                          <label for="name">Name</label><input id="name" name="name">
                          <input type="hidden" name="csrf" value="token-1">
                          <button type="submit">Send</button>
                        </form></body></html>""");
            });
            config.routes.post("/form", ctx -> ctx.html("<!doctype html><html lang=\"en\"><head><title>Sent</title>"
                    + "</head><body><p id=\"answer\">name=" + escape(ctx.formParam("name")) + " csrf="
                    + escape(ctx.formParam("csrf")) + " cookie=" + escape(ctx.cookie("__Host-probe"))
                    + "</p></body></html>"));
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.stop();
        }
    }

    @Test
    void aFormIsSubmittedWithItsHiddenFieldAndTheHostCookieOn127001() {
        browser.open("http://127.0.0.1:" + site.port() + "/form");
        assertThat(browser.title()).isEqualTo("Probe");

        browser.type("name", "Ada <Lovelace>").submitFormOf("name");

        assertThat(browser.title()).isEqualTo("Sent");
        assertThat(browser.text()).isEqualTo("name=Ada <Lovelace> csrf=token-1 cookie=seen-127.0.0.1-" + site.port());
    }

    @Test
    void aSecureHostCookieIsKeptOverPlainHttpOnLocalhost() {
        URI page = URI.create("http://localhost:" + site.port() + "/form");
        browser.open(page);

        browser.type("name", "Grace").submitFormOf("name");

        assertThat(browser.text()).isEqualTo("name=Grace csrf=token-1 cookie=seen-localhost-" + site.port());
    }

    @Test
    void cookiesAreForgottenWhenCleared() {
        browser.open("http://127.0.0.1:" + site.port() + "/form");
        Cookie set = browser.cookie("__Host-probe");
        assertThat(set).isNotNull();
        assertThat(set.isSecure()).isTrue();
        assertThat(set.isHttpOnly()).isTrue();
        assertThat(set.getSameSite()).isEqualTo("Lax");

        browser.clearCookies();
        browser.open("http://127.0.0.1:" + site.port() + "/nothing");

        assertThat(browser.cookie("__Host-probe")).isNull();
    }

    private static String escape(String s) {
        return s == null ? "none" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

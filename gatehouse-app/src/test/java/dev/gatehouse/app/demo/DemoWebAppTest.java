package dev.gatehouse.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.app.testing.FreePort;
import dev.gatehouse.server.browser.Browser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The demo's browser path, as its walkthrough tells it, in headless Chromium. */
class DemoWebAppTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    static Demo demo;

    @BeforeAll
    static void start(@TempDir Path dir) {
        demo = Demo.start(dir.resolve("data"), FreePort.find(), FreePort.find(), 0, new PrintWriter(new StringWriter()),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void signInCallTheServiceThroughTheGatewayAndLogOutEverywhere() {
        browser.open(demo.webAppUrl());
        assertThat(who()).isEqualTo("Not signed in.");

        // sign in on the issuer's hosted page
        browser.follow("Sign in");
        assertThat(atIssuer()).as("at the issuer's sign-in page: %s", browser.currentUri()).isTrue();
        browser.type("username", Demo.USERNAME).type("password", demo.password()).submitFormOf("password");
        atWebApp();
        assertThat(browser.driver().findElements(By.id("problem"))).isEmpty();
        assertThat(who()).startsWith("Signed in as ");

        // the orders service, through the gateway, sees who is calling and from which client
        browser.clickAndWait(browser.driver().findElement(By.id("call")));
        String answer = browser.driver().findElement(By.id("answer")).getText();
        assertThat(answer).contains("-> 200", "\"service\":\"orders\"", "\"X-Gatehouse-Client-Id\":\"demo-webapp\"");

        // log out everywhere: back at the web application, and the issuer asks for the password again
        browser.clickAndWait(browser.driver().findElement(By.id("logout")));
        if (atIssuer() && browser.hasField("decision")) {
            browser.press("decision", "logout");
        }
        atWebApp();
        assertThat(who()).isEqualTo("Not signed in.");
        browser.follow("Sign in");
        assertThat(atIssuer()).isTrue();
        assertThat(browser.hasField("password")).isTrue();
    }

    private static String who() {
        return browser.driver().findElement(By.id("who")).getText();
    }

    private static boolean atIssuer() {
        return browser.currentUri().getPort() == demo.issuerUrl().getPort();
    }

    private static void atWebApp() {
        URI home = demo.webAppUrl();
        browser.waitForUri(u -> u.getPort() == home.getPort() && u.getPath().equals("/"), "the demo web app's home page");
    }
}

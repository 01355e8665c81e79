package dev.gatehouse.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.user.User;
import dev.gatehouse.server.browser.Browser;
import dev.gatehouse.server.browser.IssuerAdmin;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Gatehouse issuer, the example application configured by the issuer URL and its client registration
 * alone, and headless Chromium going through the sign-in as a person would.
 */
class SpringSignInThroughGatehouseTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    @TempDir
    static Path dataDir;

    static TestIssuer issuer;
    static ConfigurableApplicationContext app;
    static URI appUri;
    static User ada;

    @BeforeAll
    static void startIssuerAndApplication() {
        issuer = TestIssuer.start(dataDir);
        ada = issuer.createUser("ada", "ada-password-123", Set.of());
        int port = freePort();
        appUri = URI.create("http://127.0.0.1:" + port);

        Map<String, Object> client = new LinkedHashMap<>();
        client.put("client_id", "spring-web-app");
        client.put("name", "Spring example");
        client.put("auth_methods", List.of("client_secret_basic"));
        client.put("grant_types", List.of("authorization_code", "refresh_token"));
        client.put("scopes", List.of("openid", "profile", "email"));
        client.put("redirect_uris", List.of(appUri + "/login/oauth2/code/gatehouse"));
        client.put("post_logout_redirect_uris", List.of(appUri + "/"));
        client.put("consent", "skip");
        // Spring Security checks ID token signatures with RS256 unless its decoder factory is told otherwise
        client.put("signing_algorithm", "RS256");
        String secret = IssuerAdmin.create(issuer).registerClient(client);

        app = new SpringApplicationBuilder(WebApplication.class).run(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.security.oauth2.client.provider.gatehouse.issuer-uri=" + issuer.baseUri(),
                "--spring.security.oauth2.client.registration.gatehouse.client-id=spring-web-app",
                "--spring.security.oauth2.client.registration.gatehouse.client-secret=" + secret);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void aPersonSignsInThroughGatehouseAndTheApplicationShowsWhoItIs() {
        browser.open(appUri.resolve("/"));
        browser.follow("Sign in");

        signInAtGatehouse();

        browser.waitForUri(u -> u.getPort() == appUri.getPort() && u.getPath().equals("/me"), "the application's /me");
        assertThat(browser.driver().findElement(By.id("signed-in-as")).getText()).startsWith("Signed in as ");
        assertThat(browser.driver().findElement(By.cssSelector("#claims td.sub")).getText()).isEqualTo(ada.id());
        assertThat(browser.driver().findElement(By.cssSelector("#claims td.iss")).getText())
                .isEqualTo(issuer.baseUri().toString());
    }

    @Test
    void loggingOutOfTheApplicationLogsOutAtGatehouseAndComesBack() {
        browser.open(appUri.resolve("/me"));
        signInAtGatehouse();
        browser.waitForUri(u -> u.getPort() == appUri.getPort() && u.getPath().equals("/me"), "the application's /me");

        browser.clickAndWait(browser.driver().findElement(By.id("log-out")));
        if (atIssuer() && browser.hasField("decision")) {
            browser.press("decision", "logout");
        }
        browser.waitForUri(u -> u.getPort() == appUri.getPort() && u.getPath().equals("/"), "the application's home page");
        assertThat(browser.text()).contains("Not signed in");

        // the issuer's session is gone too: the next visit asks for the password again
        browser.open(appUri.resolve("/me"));
        assertThat(atIssuer()).isTrue();
        assertThat(browser.hasField("password")).isTrue();
    }

    private static void signInAtGatehouse() {
        assertThat(atIssuer()).as("at the issuer's sign-in page: %s", browser.currentUri()).isTrue();
        browser.type("username", "ada").type("password", "ada-password-123").submitFormOf("password");
    }

    private static boolean atIssuer() {
        return browser.currentUri().getPort() == issuer.baseUri().getPort();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

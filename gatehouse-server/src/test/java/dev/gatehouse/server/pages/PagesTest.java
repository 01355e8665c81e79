package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PagesTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String QUOTES = "\"' onmouseover=\"alert(1)\" x='";
    private static final String JS_URL = "javascript:alert(1)";
    private static final String HOSTILE = SCRIPT + QUOTES + JS_URL;
    private static final String HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onmouseover=&quot;alert(1)&quot; x=&#39;"
            + JS_URL;
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static final List<String> PAGES = List.of(
            "/sign-in?client=Shop",
            "/sign-in?client=Shop&error=signin.error.credentials&username=alice",
            "/consent?client=Shop&scope=openid",
            "/error?error=invalid_request&description=x",
            "/logout?client=Shop",
            "/signed-out",
            "/form-post?redirect_uri=https://client.example/cb&carry.code=c");

    private static PagesServer server;

    @BeforeAll
    static void start() {
        server = new PagesServer(new Pages());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyPageCarriesTheSecurityHeaders() throws Exception {
        for (String page : PAGES) {
            HttpResponse<String> r = server.get(page);

            assertThat(r.headers().firstValue("Content-Security-Policy")).as(page).hasValueSatisfying(csp -> assertThat(csp)
                    .startsWith("default-src 'none'; style-src 'self'; img-src 'self'; form-action ")
                    .contains("; frame-ancestors 'none'; base-uri 'none'").doesNotContain("unsafe"));
            assertThat(r.headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(page).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Cache-Control")).as(page).hasValue("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(page).hasValue("nosniff");
            // a client's sign-in popup needs its window.opener back on its callback page
            assertThat(r.headers().firstValue("Cross-Origin-Opener-Policy")).as(page).isEmpty();
            assertThat(r.headers().firstValue("Content-Type")).as(page).hasValue("text/html;charset=utf-8");
            assertThat(r.body()).as(page).startsWith("<!DOCTYPE html>").doesNotContain(" style=").doesNotContain("<style")
                    .doesNotContain(" onclick").doesNotContain("<script>");
            assertThat(count(r.body(), "<h1>")).as(page).isEqualTo(1);
        }
    }

    @Test
    void pagesWithoutScriptAllowFormsToTheIssuerOnly() throws Exception {
        assertThat(server.get("/sign-in").headers().firstValue("Content-Security-Policy")).hasValue(PAGE_POLICY);
        assertThat(server.get("/error?error=invalid_request").headers().firstValue("Content-Security-Policy"))
                .hasValue(PAGE_POLICY);
    }

    @Test
    void formWhoseAnswerRedirectsToAClientAllowsThatOriginBesideTheIssuer() throws Exception {
        HttpResponse<String> signIn = server.get("/sign-in?redirect_to=" + enc("https://shop.example:8443/cb?x=1"));
        HttpResponse<String> consent = server.get("/consent?redirect_to=" + enc("http://127.0.0.1:53124/callback"));
        HttpResponse<String> logout = server.get("/logout?redirect_to=" + enc("com.example.app:/signed-out"));

        assertThat(signIn.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' https://shop.example:8443;");
        assertThat(consent.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' http://127.0.0.1:53124;");
        assertThat(logout.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' com.example.app:;");
    }

    @Test
    void formPostPostsOnlyToTheRedirectOriginWithAnExternalScriptAndAButton() throws Exception {
        HttpResponse<String> r = server.get("/form-post?redirect_uri=" + enc("https://client.example/cb?tenant=1")
                + "&carry.code=the-code&carry.state=" + enc(HOSTILE) + "&carry.iss=" + enc("https://issuer.example"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; style-src 'self'; "
                + "img-src 'self'; form-action https://client.example; frame-ancestors 'none'; base-uri 'none'; "
                + "script-src 'self'");
        assertThat(r.body()).contains("<form method=\"post\" action=\"https://client.example/cb?tenant=1\">")
                .contains("<input type=\"hidden\" name=\"code\" value=\"the-code\">")
                .contains("<input type=\"hidden\" name=\"state\" value=\"" + HOSTILE_ESCAPED + "\">")
                .contains("<input type=\"hidden\" name=\"iss\" value=\"https://issuer.example\">")
                .containsPattern("<script src=\"/assets/form-post.js\\?v=[0-9a-f]+\"></script>")
                .contains("<button type=\"submit\"")
                .doesNotContain(SCRIPT);
        assertThat(count(r.body(), "<script")).isEqualTo(1);
    }

    @Test
    void formPostRefusesARedirectUriThatIsNotAWebOrAppAddress() {
        assertThatThrownBy(() -> PageHeaders.formAction(false, URI.create(JS_URL))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageHeaders.formAction(false, URI.create("data:text/html,x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signInEscapesHostileClientNameUsernameAndError() throws Exception {
        HttpResponse<String> r = server.get("/sign-in?client=" + enc(HOSTILE) + "&username=" + enc(HOSTILE)
                + "&error=" + enc(HOSTILE));

        assertThat(r.body()).doesNotContain(SCRIPT).doesNotContain(QUOTES)
                .contains(HOSTILE_ESCAPED)
                .contains("value=\"" + HOSTILE_ESCAPED + "\"")
                // an error that is not one of the page's own keys is shown as the generic text
                .contains("Sign-in did not work. Please try again.");
    }

    @Test
    void signInHasTheFieldsTheEndpointReadsAsHiddenInputsOfOneExactShape() throws Exception {
        HttpResponse<String> r = server.get("/sign-in?client=Shop");

        assertThat(r.body()).contains("<form method=\"post\" action=\"/oauth2/authorize/sign-in\">")
                .contains("<input type=\"hidden\" name=\"request\" value=\"" + PagesServer.REQUEST + "\">")
                .containsPattern("<input type=\"hidden\" name=\"csrf\" value=\"[A-Za-z0-9_-]{43}\">")
                .contains("name=\"username\"").contains("name=\"password\"");
    }

    @Test
    void signInIsAccessible() throws Exception {
        String ok = server.get("/sign-in?client=Shop").body();
        String failed = server.get("/sign-in?client=Shop&username=alice&error=signin.error.credentials").body();

        assertThat(ok).contains("<label for=\"username\">").contains("<label for=\"password\">")
                .contains("id=\"username\"").contains("id=\"password\"")
                .contains("autocomplete=\"username\"").contains("autocomplete=\"current-password\"")
                .contains("type=\"password\"")
                .doesNotContain("aria-invalid").doesNotContain("role=\"alert\"");
        assertThat(failed).contains("<div id=\"signin-error\" class=\"gh-alert\" role=\"alert\" "
                        + "data-error=\"signin.error.credentials\">"
                        + "The username or password is not correct.</div>")
                .contains("aria-invalid=\"true\" aria-describedby=\"signin-error\"")
                .contains("value=\"alice\"");
        assertThat(count(failed, "aria-describedby=\"signin-error\"")).isEqualTo(2);
    }

    @Test
    void consentEscapesClientUsernameAndScopesAndNamesKnownScopes() throws Exception {
        HttpResponse<String> r = server.get("/consent?client=" + enc(HOSTILE) + "&username=" + enc(HOSTILE)
                + "&scope=" + enc("openid email " + SCRIPT));

        assertThat(r.body()).doesNotContain(SCRIPT).doesNotContain(QUOTES)
                .contains("Allow " + HOSTILE_ESCAPED + " to access your account?")
                .contains("Signed in as " + HOSTILE_ESCAPED)
                .contains("<li data-scope=\"email\">Your email address</li>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("<form method=\"post\" action=\"/oauth2/authorize/consent\">")
                .contains("<input type=\"hidden\" name=\"request\" value=\"" + PagesServer.REQUEST + "\">")
                .contains("name=\"decision\" value=\"allow\"").contains("name=\"decision\" value=\"deny\"");
    }

    @Test
    void errorPageEscapesCodeAndDescriptionAndKeepsItsStatus() throws Exception {
        HttpResponse<String> r = server.get("/error?status=400&error=" + enc(HOSTILE) + "&description=" + enc(HOSTILE));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain(SCRIPT).doesNotContain(QUOTES).contains(HOSTILE_ESCAPED)
                .contains("role=\"alert\"");
    }

    @Test
    void errorPageExplainsKnownCodes() throws Exception {
        assertThat(server.get("/error?error=invalid_request").body())
                .contains("The application sent an incomplete or invalid request.")
                .contains("Error code: invalid_request")
                .contains("role=\"alert\" data-error=\"invalid_request\"");
    }

    @Test
    void logoutConfirmCarriesTheLogoutRequestInHiddenFieldsEscaped() throws Exception {
        HttpResponse<String> r = server.get("/logout?client=" + enc(HOSTILE) + "&carry.state=" + enc(HOSTILE)
                + "&carry.post_logout_redirect_uri=" + enc("https://shop.example/bye"));

        assertThat(r.body()).doesNotContain(SCRIPT).doesNotContain(QUOTES)
                .contains("<form method=\"post\" action=\"/oauth2/logout\">")
                .containsPattern("<input type=\"hidden\" name=\"csrf\" value=\"[A-Za-z0-9_-]{43}\">")
                .contains("<input type=\"hidden\" name=\"state\" value=\"" + HOSTILE_ESCAPED + "\">")
                .contains("<input type=\"hidden\" name=\"post_logout_redirect_uri\" value=\"https://shop.example/bye\">")
                .contains("name=\"decision\" value=\"logout\"").contains("name=\"decision\" value=\"stay\"");
    }

    @Test
    void signedOutLinksOnlyToWebOrAppAddresses() throws Exception {
        String web = server.get("/signed-out?return_to=" + enc("https://shop.example/bye?state=a&b=%22c%22")).body();
        String script = server.get("/signed-out?return_to=" + enc(JS_URL)).body();
        String data = server.get("/signed-out?return_to=" + enc("data:text/html,hello")).body();

        assertThat(web).contains("href=\"https://shop.example/bye?state=a&amp;b=%22c%22\"");
        assertThat(script).doesNotContain("href=\"javascript").doesNotContain(JS_URL).contains("You can close this window.");
        assertThat(data).doesNotContain("href=\"data");
    }

    @Test
    void everyPageLinksTheVersionedStylesheetAndLogo() throws Exception {
        String body = server.get("/sign-in").body();

        assertThat(body).containsPattern("<link rel=\"stylesheet\" href=\"/assets/gatehouse.css\\?v=[0-9a-f]{12}\">")
                .containsPattern("<img class=\"gh-logo\" src=\"/assets/logo.svg\\?v=[0-9a-f]{12}\" alt=\"\">")
                .contains("<span class=\"gh-brand\">Gatehouse</span>");
    }

    @Test
    void displayNameIsShownEscaped() throws Exception {
        try (PagesServer named = new PagesServer(new Pages(PagesConfig.defaults().withDisplayName("Acme <Login> & Co")))) {
            String body = named.get("/sign-in").body();

            assertThat(body).contains("<span class=\"gh-brand\">Acme &lt;Login&gt; &amp; Co</span>")
                    .contains("<title>Sign in – Acme &lt;Login&gt; &amp; Co</title>");
        }
    }

    @Test
    void displayNameMustBeShortAndPrintable() {
        assertThatThrownBy(() -> PagesConfig.defaults().withDisplayName(" ")).hasMessageContaining("display name");
        assertThatThrownBy(() -> PagesConfig.defaults().withDisplayName("a\nb")).hasMessageContaining("display name");
        assertThatThrownBy(() -> PagesConfig.defaults().withDisplayName("x".repeat(101))).hasMessageContaining("display name");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}

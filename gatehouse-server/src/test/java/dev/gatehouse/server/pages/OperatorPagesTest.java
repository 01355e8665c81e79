package dev.gatehouse.server.pages;

import static dev.gatehouse.server.pages.PagesTest.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's pages directory replaces single templates, texts and assets; a broken one stops the start. */
class OperatorPagesTest {
    /** The smallest PNG: one transparent pixel. */
    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    @TempDir
    Path dir;

    @Test
    void operatorTemplateReplacesTheBuiltInOneAndStillEscapes() throws Exception {
        write("sign-in.ftlh", """
                <#import "layout.ftlh" as layout>
                <@layout.page title="Custom">
                <h1>Welcome to the staff portal</h1>
                <p>${clientName!""}</p>
                <form method="post" action="${action}">
                <#list hidden as field><@layout.hidden name=field.name value=field.value/></#list>
                <input name="username" autocomplete="username"><input type="password" name="password">
                </form>
                </@layout.page>
                """);

        try (PagesServer server = new PagesServer(new Pages(PagesConfig.fromDirectory(dir)))) {
            HttpResponse<String> signIn = server.get("/sign-in?client=" + enc("<b>Shop</b>"));
            HttpResponse<String> consent = server.get("/consent?client=Shop");

            assertThat(signIn.body()).contains("<h1>Welcome to the staff portal</h1>").contains("<p>&lt;b&gt;Shop&lt;/b&gt;</p>")
                    .contains("<input type=\"hidden\" name=\"request\" value=\"" + PagesServer.REQUEST + "\">");
            assertThat(signIn.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(consent.body()).contains("Allow Shop to access your account?");
        }
    }

    @Test
    void operatorTextOverridesOneKeyInItsLanguageOnly() throws Exception {
        write("messages.properties", "signin.heading=Welcome back\n");
        write("messages_de.properties", "signin.submit=Los geht’s\n");

        try (PagesServer server = new PagesServer(new Pages(PagesConfig.fromDirectory(dir)))) {
            String english = server.get("/sign-in").body();
            String german = server.get("/sign-in?ui_locales=de").body();

            assertThat(english).contains("<h1>Welcome back</h1>").contains(">Sign in</button>")
                    .contains("<label for=\"password\">Password</label>");
            assertThat(german).contains("<h1>Anmelden</h1>").contains(">Los geht’s</button>");
        }
    }

    @Test
    void operatorNamesItsOwnScopesOnTheConsentPage() throws Exception {
        write("messages.properties", "scope.orders\\:read=Read your orders\n");

        try (PagesServer server = new PagesServer(new Pages(PagesConfig.fromDirectory(dir)))) {
            String consent = server.get("/consent?client=Shop&scope=" + enc("orders:read orders:write")).body();

            assertThat(consent).contains(">Read your orders</li>").contains(">Access named “orders:write”</li>");
        }
    }

    @Test
    void operatorAddsALanguageWhoseMissingTextsAreEnglish() throws Exception {
        write("messages_fr.properties", "signin.heading=Connexion\n");

        try (PagesServer server = new PagesServer(new Pages(PagesConfig.fromDirectory(dir)))) {
            String french = server.get("/sign-in", "Accept-Language", "fr-FR,fr;q=0.9").body();

            assertThat(french).contains("<html lang=\"fr\">").contains("<h1>Connexion</h1>").contains(">Sign in</button>");
        }
    }

    @Test
    void operatorPngLogoReplacesTheBuiltInLogo() throws Exception {
        Files.createDirectories(dir.resolve("assets"));
        Files.write(dir.resolve("assets/logo.png"), PNG);

        try (PagesServer server = new PagesServer(new Pages(PagesConfig.fromDirectory(dir)))) {
            String page = server.get("/sign-in").body();
            HttpResponse<byte[]> logo = server.bytes("/assets/logo.png");

            assertThat(page).containsPattern("src=\"/assets/logo.png\\?v=[0-9a-f]{12}\"");
            assertThat(logo.statusCode()).isEqualTo(200);
            assertThat(logo.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(logo.body()).isEqualTo(PNG);
        }
    }

    @Test
    void operatorStylesheetReplacesTheBuiltInOne() throws Exception {
        Files.createDirectories(dir.resolve("assets"));
        write("assets/gatehouse.css", ":root { --gh-primary: #7c2d12; }\n");

        try (PagesServer server = new PagesServer(new Pages(PagesConfig.fromDirectory(dir)));
             PagesServer builtIn = new PagesServer(new Pages())) {
            HttpResponse<String> css = server.get("/assets/gatehouse.css");

            assertThat(css.body()).isEqualTo(":root { --gh-primary: #7c2d12; }\n");
            assertThat(versionedStylesheet(server.get("/sign-in").body()))
                    .isNotEqualTo(versionedStylesheet(builtIn.get("/sign-in").body()));
        }
    }

    @Test
    void operatorCustomStylesheetIsLinkedAfterTheBuiltInOne() throws Exception {
        Files.createDirectories(dir.resolve("assets"));
        write("assets/custom.css", ":root { --gh-primary: #7c2d12; }\n");

        try (PagesServer server = new PagesServer(new Pages(PagesConfig.fromDirectory(dir)));
             PagesServer builtIn = new PagesServer(new Pages())) {
            String page = server.get("/sign-in").body();

            assertThat(page).containsPattern("href=\"/assets/gatehouse.css\\?v=[0-9a-f]+\">\n"
                    + "<link rel=\"stylesheet\" href=\"/assets/custom.css\\?v=[0-9a-f]+\">");
            assertThat(server.get("/assets/custom.css").body()).isEqualTo(":root { --gh-primary: #7c2d12; }\n");
            assertThat(builtIn.get("/sign-in").body()).doesNotContain("custom.css");
        }
    }

    @Test
    void brokenOperatorTemplateFailsTheStartNamingIt() throws IOException {
        write("consent.ftlh", "<#if scopes?has_content>unclosed\n");

        assertThatThrownBy(() -> new Pages(PagesConfig.fromDirectory(dir))).isInstanceOf(InvalidPagesException.class)
                .hasMessageContaining("consent.ftlh").hasMessageContaining(dir.toString()).hasMessageContaining("line");
    }

    @Test
    void operatorTemplateNamingAnUnknownValueFailsTheStart() throws IOException {
        write("error.ftlh", "<h1>${noSuchValue}</h1>\n");

        assertThatThrownBy(() -> new Pages(PagesConfig.fromDirectory(dir))).isInstanceOf(InvalidPagesException.class)
                .hasMessageContaining("error.ftlh").hasMessageContaining("noSuchValue");
    }

    @Test
    void operatorTemplateNamingAnUnknownTextFailsTheStart() throws IOException {
        write("signed-out.ftlh", "<h1>${msg(\"no.such.text\")}</h1>\n");

        assertThatThrownBy(() -> new Pages(PagesConfig.fromDirectory(dir))).isInstanceOf(InvalidPagesException.class)
                .hasMessageContaining("signed-out.ftlh").hasMessageContaining("no.such.text");
    }

    @Test
    void templatesCannotCreateJavaObjectsOrReachTheJavaApi() throws IOException {
        write("signed-out.ftlh", "<#assign run = \"freemarker.template.utility.Execute\"?new()>${run(\"id\")}\n");
        assertThatThrownBy(() -> new Pages(PagesConfig.fromDirectory(dir))).isInstanceOf(InvalidPagesException.class)
                .hasMessageContaining("signed-out.ftlh");

        write("signed-out.ftlh", "${displayName?api.getClass()}\n");
        assertThatThrownBy(() -> new Pages(PagesConfig.fromDirectory(dir))).isInstanceOf(InvalidPagesException.class)
                .hasMessageContaining("signed-out.ftlh");
    }

    @Test
    void pagesDirectoryMustExist() {
        assertThatThrownBy(() -> PagesConfig.fromDirectory(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pages directory");
    }

    @Test
    void emptyPagesDirectoryGivesTheBuiltInPages() throws Exception {
        try (PagesServer server = new PagesServer(new Pages(new PagesConfig(Optional.of(dir), "Acme")))) {
            assertThat(server.get("/sign-in").body()).contains("<h1>Sign in</h1>").contains("Acme");
        }
    }

    private static String versionedStylesheet(String page) {
        return page.replaceAll("(?s).*href=\"(/assets/gatehouse.css\\?v=[0-9a-f]+)\".*", "$1");
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}

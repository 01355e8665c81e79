package dev.gatehouse.server.pages;

import static dev.gatehouse.server.pages.PagesTest.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PageLocalesTest {
    private static final PageLocales LOCALES = new PageLocales(Set.of(Locale.GERMAN));
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
    void uiLocalesBeatAcceptLanguage() {
        assertThat(LOCALES.choose(PageLocales.parseUiLocales("de"), "en-US,en;q=0.9")).isEqualTo(Locale.GERMAN);
        assertThat(LOCALES.choose(PageLocales.parseUiLocales("en"), "de")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void firstSupportedUiLocaleWinsAndRegionsFallBackToTheirLanguage() {
        assertThat(LOCALES.choose(PageLocales.parseUiLocales("fr-CA de-AT en"), null)).isEqualTo(Locale.GERMAN);
    }

    @Test
    void unsupportedUiLocalesLeaveTheChoiceToAcceptLanguage() {
        assertThat(LOCALES.choose(PageLocales.parseUiLocales("fr ja"), "fr;q=1, de-CH;q=0.8, en;q=0.5"))
                .isEqualTo(Locale.GERMAN);
    }

    @Test
    void acceptLanguageWeightsCount() {
        assertThat(LOCALES.choose(List.of(), "en;q=0.2, de;q=0.9")).isEqualTo(Locale.GERMAN);
    }

    @Test
    void fallbackIsEnglish() {
        assertThat(LOCALES.choose(List.of(), null)).isEqualTo(Locale.ENGLISH);
        assertThat(LOCALES.choose(List.of(), "fr-FR, ja")).isEqualTo(Locale.ENGLISH);
        assertThat(LOCALES.choose(List.of(), "*")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void malformedInputIsIgnored() {
        assertThat(LOCALES.choose(PageLocales.parseUiLocales("<script> de"), ";;;q=x,,")).isEqualTo(Locale.GERMAN);
        assertThat(LOCALES.choose(List.of(), "de;q=abc")).isEqualTo(Locale.ENGLISH);
        assertThat(LOCALES.choose(List.of(), "x".repeat(10_000))).isEqualTo(Locale.ENGLISH);
        assertThat(LOCALES.choose(List.of(), "fr, ".repeat(2_000) + "de")).isEqualTo(Locale.ENGLISH);
        assertThat(PageLocales.parseUiLocales(null)).isEmpty();
        assertThat(PageLocales.parseUiLocales("   ")).isEmpty();
    }

    @Test
    void germanPageWhenUiLocalesAskForIt() throws Exception {
        HttpResponse<String> r = server.get("/sign-in?client=Shop&ui_locales=" + enc("fr de"), "Accept-Language", "en");

        assertThat(r.body()).contains("<html lang=\"de\">").contains("<h1>Anmelden</h1>")
                .contains("um mit Shop fortzufahren").contains(">Passwort</label>");
        assertThat(r.headers().firstValue("Content-Language")).hasValue("de");
    }

    @Test
    void germanPageWhenTheBrowserAsksForIt() throws Exception {
        HttpResponse<String> r = server.get("/consent?client=Shop&scope=email", "Accept-Language", "de-DE,de;q=0.9,en;q=0.5");

        assertThat(r.body()).contains("<html lang=\"de\">").contains("Darf Shop auf Ihr Konto zugreifen?")
                .contains(">Ihre E-Mail-Adresse</li>").contains(">Erlauben</button>");
    }

    @Test
    void englishPageWhenNothingMatches() throws Exception {
        HttpResponse<String> r = server.get("/error?error=csrf&ui_locales=ja", "Accept-Language", "fr");

        assertThat(r.body()).contains("<html lang=\"en\">")
                .contains("This form has expired or did not come from this site.");
    }

    @Test
    void formPostFollowsTheBrowsersLanguage() throws Exception {
        HttpResponse<String> r = server.get("/form-post?redirect_uri=https://client.example/cb", "Accept-Language", "de");

        assertThat(r.body()).contains("<html lang=\"de\">").contains(">Weiter</button>");
    }

    @Test
    void germanHasEveryTextEnglishHas() throws IOException {
        Properties english = bundle("messages.properties");
        Properties german = bundle("messages_de.properties");

        assertThat(german.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        assertThat(german.stringPropertyNames()).allSatisfy(key -> assertThat(german.getProperty(key)).isNotBlank());
    }

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = PageLocalesTest.class.getResourceAsStream("/pages/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}

package dev.gatehouse.server.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every text on every page, per language: the built-in {@code messages.properties} (English) and
 * {@code messages_de.properties}, each key of which the operator's directory may override in a file of the
 * same name; a {@code messages_xx.properties} there adds a language. A key missing in a language falls back to
 * English. Files are read as UTF-8. A text may hold placeholders {@code {0}}, {@code {1}}, ... for values the
 * page passes (a client's name, say); they are replaced as they are, and the page escapes the whole text.
 */
public final class PageTexts {
    static final String CLASSPATH = "/pages/";
    static final Set<Locale> BUILT_IN = Set.of(Locale.ENGLISH, Locale.GERMAN);
    private static final Pattern FILE = Pattern.compile("messages(?:_([a-z]{2,3}(?:_[A-Z]{2})?))?\\.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");

    private final Map<Locale, Map<String, String>> byLocale;
    private final PageLocales locales;

    private PageTexts(Map<Locale, Map<String, String>> byLocale) {
        this.byLocale = Map.copyOf(byLocale);
        this.locales = new PageLocales(byLocale.keySet());
    }

    /** @throws IllegalStateException naming the file that cannot be read */
    public static PageTexts load(Optional<Path> directory) {
        Set<Locale> languages = new LinkedHashSet<>(List.of(Locale.ENGLISH, Locale.GERMAN));
        directory.ifPresent(dir -> languages.addAll(operatorLanguages(dir)));
        Map<String, String> english = new HashMap<>(classpath(""));
        directory.ifPresent(dir -> english.putAll(file(dir, "")));
        Map<Locale, Map<String, String>> byLocale = new HashMap<>();
        for (Locale language : languages) {
            Map<String, String> texts = new HashMap<>(english);
            for (String suffix : suffixes(language)) {
                texts.putAll(classpath(suffix));
                directory.ifPresent(dir -> texts.putAll(file(dir, suffix)));
            }
            byLocale.put(language, Map.copyOf(texts));
        }
        return new PageTexts(byLocale);
    }

    public PageLocales locales() {
        return locales;
    }

    /** The keys every language has (those of English, the fallback). */
    public Set<String> keys() {
        return byLocale.get(PageLocales.FALLBACK).keySet();
    }

    public boolean has(Locale locale, String key) {
        return byLocale.getOrDefault(locale, byLocale.get(PageLocales.FALLBACK)).containsKey(key);
    }

    /** @throws IllegalArgumentException for an unknown key, so that a template naming one fails at start */
    public String text(Locale locale, String key, List<?> args) {
        Map<String, String> texts = byLocale.getOrDefault(locale, byLocale.get(PageLocales.FALLBACK));
        String text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no text \"" + key + "\" in messages.properties");
        }
        if (args.isEmpty()) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = m.group(1).charAt(0) - '0';
            String value = index < args.size() ? String.valueOf(args.get(index)) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static List<String> suffixes(Locale language) {
        if (language.getCountry().isEmpty()) {
            return List.of("_" + language.getLanguage());
        }
        return List.of("_" + language.getLanguage(), "_" + language.getLanguage() + "_" + language.getCountry());
    }

    private static Set<Locale> operatorLanguages(Path dir) {
        Set<Locale> found = new LinkedHashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "messages_*.properties")) {
            for (Path f : files) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches() && m.group(1) != null) {
                    found.add(Locale.forLanguageTag(m.group(1).replace('_', '-')));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("pages directory " + dir + ": cannot list texts: " + e.getMessage(), e);
        }
        return found;
    }

    private static Map<String, String> classpath(String suffix) {
        String name = CLASSPATH + "messages" + suffix + ".properties";
        try (InputStream in = PageTexts.class.getResourceAsStream(name)) {
            return in == null ? Map.of() : read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    private static Map<String, String> file(Path dir, String suffix) {
        Path f = dir.resolve("messages" + suffix + ".properties");
        if (!Files.isRegularFile(f)) {
            return Map.of();
        }
        try (InputStream in = Files.newInputStream(f)) {
            return read(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("pages directory: cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> read(InputStream in) throws IOException {
        Properties p = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        Map<String, String> texts = new HashMap<>();
        p.stringPropertyNames().forEach(k -> texts.put(k, p.getProperty(k)));
        return texts;
    }
}

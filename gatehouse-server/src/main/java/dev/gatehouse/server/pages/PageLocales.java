package dev.gatehouse.server.pages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The languages the pages speak, and the choice among them for one request: the authorization request's
 * {@code ui_locales} first (OpenID Connect Core 1.0 section 3.1.2.1: preferred languages in order), then the
 * browser's {@code Accept-Language}, else English.
 */
public final class PageLocales {
    public static final Locale FALLBACK = Locale.ENGLISH;
    /** Longer Accept-Language values are cut; no browser sends one this long. */
    private static final int MAX_ACCEPT_LANGUAGE = 512;
    private static final int MAX_UI_LOCALES = 20;

    private final List<Locale> supported;
    private final List<String> tags;

    PageLocales(Set<Locale> supported) {
        LinkedHashSet<Locale> all = new LinkedHashSet<>();
        all.add(FALLBACK);
        all.addAll(supported);
        this.supported = List.copyOf(all);
        this.tags = this.supported.stream().map(Locale::toLanguageTag).toList();
    }

    public List<Locale> supported() {
        return supported;
    }

    /**
     * @param uiLocales      the request's {@code ui_locales} in order of preference; may be empty
     * @param acceptLanguage the {@code Accept-Language} header, or null
     */
    public Locale choose(List<Locale> uiLocales, String acceptLanguage) {
        for (Locale wanted : uiLocales.subList(0, Math.min(uiLocales.size(), MAX_UI_LOCALES))) {
            Locale match = lookup(List.of(new Locale.LanguageRange(range(wanted))));
            if (match != null) {
                return match;
            }
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            String header = acceptLanguage.length() > MAX_ACCEPT_LANGUAGE
                    ? acceptLanguage.substring(0, Math.max(0, acceptLanguage.lastIndexOf(',', MAX_ACCEPT_LANGUAGE)))
                    : acceptLanguage;
            try {
                Locale match = header.isBlank() ? null : lookup(Locale.LanguageRange.parse(header));
                if (match != null) {
                    return match;
                }
            } catch (IllegalArgumentException malformed) {
                // a header that is not a language list says nothing about the reader's language
            }
        }
        return FALLBACK;
    }

    /** {@code ui_locales} as sent: space-separated BCP 47 tags; malformed entries are skipped. */
    public static List<Locale> parseUiLocales(String uiLocales) {
        List<Locale> locales = new ArrayList<>();
        if (uiLocales == null) {
            return locales;
        }
        for (String tag : uiLocales.trim().split(" +")) {
            if (tag.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*") && locales.size() < MAX_UI_LOCALES) {
                Locale locale = Locale.forLanguageTag(tag);
                if (!locale.getLanguage().isEmpty()) {
                    locales.add(locale);
                }
            }
        }
        return locales;
    }

    private static String range(Locale wanted) {
        String tag = wanted.toLanguageTag();
        return "und".equals(tag) ? "x-none" : tag;
    }

    // RFC 4647 section 3.4 lookup: de-CH falls back to de; a wildcard alone matches nothing
    private Locale lookup(List<Locale.LanguageRange> ranges) {
        String tag = Locale.lookupTag(ranges, tags);
        return tag == null ? null : supported.get(tags.indexOf(tag));
    }
}

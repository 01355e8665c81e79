package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built-in colours meet WCAG 2.2 AA: 4.5:1 for text, 3:1 for focus rings and field borders. */
class StylesheetContrastTest {
    private static final Pattern PROPERTY = Pattern.compile("--(gh-[a-z-]+):\\s*(#[0-9a-fA-F]{6})\\s*;");

    @Test
    void textColoursHaveAtLeastFourAndAHalfToOneAgainstTheirBackground() throws IOException {
        Map<String, String> colours = colours();

        assertContrast(colours, "gh-text", "gh-surface", 4.5);
        assertContrast(colours, "gh-text", "gh-background", 4.5);
        assertContrast(colours, "gh-muted", "gh-surface", 4.5);
        assertContrast(colours, "gh-on-primary", "gh-primary", 4.5);
        assertContrast(colours, "gh-on-primary", "gh-primary-hover", 4.5);
        assertContrast(colours, "gh-on-secondary", "gh-secondary", 4.5);
        assertContrast(colours, "gh-on-secondary", "gh-background", 4.5);
        assertContrast(colours, "gh-error", "gh-error-background", 4.5);
        assertContrast(colours, "gh-error", "gh-surface", 4.5);
        assertContrast(colours, "gh-primary", "gh-surface", 4.5);
    }

    @Test
    void focusRingAndFieldBordersHaveAtLeastThreeToOne() throws IOException {
        Map<String, String> colours = colours();

        assertContrast(colours, "gh-focus", "gh-surface", 3);
        assertContrast(colours, "gh-focus", "gh-background", 3);
        assertContrast(colours, "gh-border", "gh-surface", 3);
    }

    @Test
    void focusIsAlwaysVisible() throws IOException {
        assertThat(stylesheet()).contains(":focus-visible").contains("outline: 3px solid var(--gh-focus)")
                .doesNotContain("outline: none").doesNotContain("outline: 0");
    }

    private static void assertContrast(Map<String, String> colours, String foreground, String background, double min) {
        double ratio = ratio(colours.get(foreground), colours.get(background));
        assertThat(ratio).as("%s on %s", foreground, background).isGreaterThanOrEqualTo(min);
    }

    // WCAG 2.2 relative luminance and contrast ratio
    static double ratio(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double r = channel(Integer.parseInt(hex.substring(1, 3), 16));
        double g = channel(Integer.parseInt(hex.substring(3, 5), 16));
        double b = channel(Integer.parseInt(hex.substring(5, 7), 16));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static Map<String, String> colours() throws IOException {
        Map<String, String> colours = new HashMap<>();
        Matcher m = PROPERTY.matcher(stylesheet());
        while (m.find()) {
            colours.put(m.group(1), m.group(2));
        }
        return colours;
    }

    private static String stylesheet() throws IOException {
        try (InputStream in = StylesheetContrastTest.class.getResourceAsStream("/pages/assets/gatehouse.css")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

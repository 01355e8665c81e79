package dev.gatehouse.server.pages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the hosted pages look: the name the issuer shows and an optional directory of the operator's own
 * templates, texts and assets, each of which replaces the built-in one of the same name.
 *
 * @param directory   templates ({@code *.ftlh}), texts ({@code messages*.properties}) and {@code assets/}; empty
 *                    for the built-in look
 * @param displayName the issuer's name in page titles and headings
 */
public record PagesConfig(Optional<Path> directory, String displayName) {
    public static final String DEFAULT_DISPLAY_NAME = "Gatehouse";
    public static final int MAX_DISPLAY_NAME_LENGTH = 100;

    public PagesConfig {
        Objects.requireNonNull(directory, "pages directory");
        Objects.requireNonNull(displayName, "display name");
        directory.ifPresent(d -> {
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException("pages directory: an existing directory, got " + d);
            }
        });
        if (displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME_LENGTH
                || displayName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("display name: 1.." + MAX_DISPLAY_NAME_LENGTH
                    + " characters without control characters, got \"" + displayName.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
    }

    /** The built-in look under the default name. */
    public static PagesConfig defaults() {
        return new PagesConfig(Optional.empty(), DEFAULT_DISPLAY_NAME);
    }

    /** The built-in look with the operator's files in {@code directory} taking precedence. */
    public static PagesConfig fromDirectory(Path directory) {
        return new PagesConfig(Optional.of(directory), DEFAULT_DISPLAY_NAME);
    }

    public PagesConfig withDisplayName(String name) {
        return new PagesConfig(directory, name);
    }
}

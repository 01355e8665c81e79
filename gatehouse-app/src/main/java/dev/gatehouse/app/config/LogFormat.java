package dev.gatehouse.app.config;

import java.util.Locale;

/** Console log format; logback.xml picks its appender from the system property set here. */
public enum LogFormat {
    PLAIN, JSON;

    public static final String PROPERTY = "gatehouse.log.format";

    public static LogFormat parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "plain", "text" -> PLAIN;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("log format: plain or json, got " + value);
        };
    }

    /** Must run before the first logger is created. */
    public void install() {
        System.setProperty(PROPERTY, name().toLowerCase(Locale.ROOT));
    }
}

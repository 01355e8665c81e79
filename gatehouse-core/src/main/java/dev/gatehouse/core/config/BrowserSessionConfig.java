package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * Single sign-on in the browser: a browser session ends when unused for {@code idle}, and at the latest {@code max}
 * after the sign-in that started it (and always with the login session it is tied to).
 */
public record BrowserSessionConfig(Duration idle, Duration max) {
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX = Duration.ofHours(12);

    public BrowserSessionConfig {
        if (idle == null || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("browser-session-idle: must be positive, got " + idle);
        }
        if (max == null || max.compareTo(idle) < 0) {
            throw new IllegalArgumentException("browser-session-max: must be at least browser-session-idle (" + idle
                    + "), got " + max);
        }
    }

    public static BrowserSessionConfig defaults() {
        return new BrowserSessionConfig(DEFAULT_IDLE, DEFAULT_MAX);
    }
}

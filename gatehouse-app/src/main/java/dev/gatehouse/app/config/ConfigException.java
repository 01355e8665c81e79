package dev.gatehouse.app.config;

/** A setting is missing, unknown or invalid; the message names the setting, its source and its value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    static ConfigException invalid(SettingValue value, String expectation) {
        return new ConfigException("invalid " + value.describe() + ": " + expectation);
    }
}

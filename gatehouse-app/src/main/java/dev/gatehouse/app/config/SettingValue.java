package dev.gatehouse.app.config;

/**
 * One setting's raw value and where it came from, for messages such as
 * {@code invalid port "80x" (from environment variable GATEHOUSE_PORT)}.
 */
public record SettingValue(Setting setting, String value, Setting.Source source, String origin) {

    /** The value as it may appear in a message: secrets are never shown. */
    public String shown() {
        return setting.secret() ? "(hidden)" : "\"" + value + "\"";
    }

    public String describe() {
        return setting.key() + " " + shown() + " (from " + origin + ")";
    }
}

package dev.gatehouse.app.config;

import dev.gatehouse.app.config.Setting.Source;
import dev.gatehouse.http.config.ConfigNode;
import dev.gatehouse.http.config.InvalidConfigException;
import dev.gatehouse.http.config.YamlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The raw value of every setting that was given, layered: built-in defaults &lt; YAML config file &lt;
 * environment variables &lt; command-line flags. Typed reading happens on {@link #node()}, the flat
 * {@link ConfigNode} keyed by setting name, so that every error names the setting, the value and where it
 * came from.
 */
public final class Settings {
    /** Environment variable naming the config file, when {@code --config} is not given. */
    public static final String CONFIG_ENV = "GATEHOUSE_CONFIG";

    private final Map<Setting, SettingValue> values;
    private final ConfigNode node;

    private Settings(Map<Setting, SettingValue> values) {
        this.values = values;
        Map<String, ConfigNode.Value> given = new LinkedHashMap<>();
        values.forEach((s, v) -> given.put(s.key(), new ConfigNode.Value(v.value(), v.origin(), s.secret())));
        this.node = ConfigNode.settings(given);
    }

    /**
     * @param env        the process environment (tests pass their own map)
     * @param flags      values of the command-line flags that were given
     * @param configFlag the {@code --config} flag, or null
     */
    public static Settings load(Map<String, String> env, Map<Setting, String> flags, Path configFlag) {
        Map<Setting, SettingValue> values = new EnumMap<>(Setting.class);
        Path file = configFlag;
        String fileOrigin = "flag --config";
        if (file == null && present(env.get(CONFIG_ENV))) {
            file = Path.of(env.get(CONFIG_ENV).trim());
            fileOrigin = "environment variable " + CONFIG_ENV;
        }
        if (file != null) {
            readFile(file, fileOrigin, values);
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.envVar());
            if (present(v)) {
                values.put(s, new SettingValue(s, s.secret() ? v : v.trim(), Source.ENV, "environment variable " + s.envVar()));
            }
        }
        flags.forEach((s, v) -> {
            if (!s.allowedFrom(Source.FLAG)) {
                throw new ConfigException(s.key() + " cannot be given as a flag; use environment variable " + s.envVar());
            }
            values.put(s, new SettingValue(s, v.trim(), Source.FLAG, "flag " + s.flag()));
        });
        return new Settings(values);
    }

    public Optional<SettingValue> get(Setting setting) {
        return Optional.ofNullable(values.get(setting));
    }

    public Collection<SettingValue> given() {
        return values.values();
    }

    /** The given settings as one flat node keyed by setting name ({@link Setting#key()}), for typed reading. */
    public ConfigNode node() {
        return node;
    }

    /**
     * The typed value of a setting, or {@code fallback} when it was not given; {@link ConfigNode#value} on
     * {@link #node()}.
     *
     * @param parser      throws IllegalArgumentException on a bad value
     * @param expectation what a valid value looks like, for the error message
     */
    public <T> T parse(Setting setting, T fallback, Function<String, T> parser, String expectation) {
        try {
            return node.value(setting.key(), fallback, parser, expectation);
        } catch (InvalidConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static void readFile(Path file, String origin, Map<Setting, SettingValue> values) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " (from " + origin + ") does not exist or is not a file");
        }
        String fileOrigin = "config file " + file;
        try {
            Object doc = YamlConfig.load(file, fileOrigin);
            if (doc == null) {
                return;
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new ConfigException(fileOrigin + ": expected a mapping of setting: value");
            }
            ConfigNode node = ConfigNode.of(ConfigNode.Naming.KEYS, fileOrigin, "", map);
            for (String key : node.keys()) {
                Setting s = Setting.byKey(key).orElseThrow(() -> new ConfigException(fileOrigin
                        + ": unknown setting \"" + key + "\"; known settings: " + fileKeys()));
                if (!s.allowedFrom(Source.FILE)) {
                    throw new ConfigException(fileOrigin + ": " + key + " may not be set in a config file; use "
                            + "environment variable " + s.envVar()
                            + (s == Setting.KEY_ENCRYPTION_KEY ? " or key-encryption-key-file" : ""));
                }
                String v = node.value(key, null, text -> text, "a single value");
                if (v != null && !v.isEmpty()) {
                    values.put(s, new SettingValue(s, v, Source.FILE, fileOrigin));
                }
            }
        } catch (InvalidConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static String fileKeys() {
        return Arrays.stream(Setting.values()).filter(s -> s.allowedFrom(Source.FILE)).map(Setting::key)
                .collect(Collectors.joining(", "));
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }
}

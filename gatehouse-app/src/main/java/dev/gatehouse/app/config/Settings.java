package dev.gatehouse.app.config;

import dev.gatehouse.app.config.Setting.Source;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The raw value of every setting that was given, layered: built-in defaults &lt; YAML config file &lt;
 * environment variables &lt; command-line flags. Typed parsing happens in {@link #parse}, so that every
 * error can name the setting, the value and where it came from.
 */
public final class Settings {
    /** Environment variable naming the config file, when {@code --config} is not given. */
    public static final String CONFIG_ENV = "GATEHOUSE_CONFIG";

    private final Map<Setting, SettingValue> values;

    private Settings(Map<Setting, SettingValue> values) {
        this.values = values;
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

    /**
     * The typed value of a setting, or {@code fallback} when it was not given.
     *
     * @param parser      throws IllegalArgumentException on a bad value
     * @param expectation what a valid value looks like, for the error message
     */
    public <T> T parse(Setting setting, T fallback, Function<String, T> parser, String expectation) {
        SettingValue v = values.get(setting);
        if (v == null) {
            return fallback;
        }
        try {
            T parsed = parser.apply(v.value());
            if (parsed == null) {
                throw new IllegalArgumentException();
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(v, expectation);
        }
    }

    private static void readFile(Path file, String origin, Map<Setting, SettingValue> values) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " (from " + origin + ") does not exist or is not a file");
        }
        Object doc;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader r = Files.newBufferedReader(file)) {
            doc = new Yaml(new SafeConstructor(options)).load(r);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + ": cannot read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + ": not valid YAML: " + e.getMessage());
        }
        if (doc == null) {
            return;
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException("config file " + file + ": expected a mapping of setting: value");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Setting s = Setting.byKey(key).orElseThrow(() -> new ConfigException("config file " + file
                    + ": unknown setting \"" + key + "\"; known settings: " + fileKeys()));
            if (!s.allowedFrom(Source.FILE)) {
                throw new ConfigException("config file " + file + ": " + key + " may not be set in a config file; use "
                        + "environment variable " + s.envVar()
                        + (s == Setting.KEY_ENCRYPTION_KEY ? " or key-encryption-key-file" : ""));
            }
            Object v = e.getValue();
            if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
                throw new ConfigException("config file " + file + ": " + key + " must be a single value");
            }
            if (v != null) {
                values.put(s, new SettingValue(s, String.valueOf(v).trim(), Source.FILE, "config file " + file));
            }
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

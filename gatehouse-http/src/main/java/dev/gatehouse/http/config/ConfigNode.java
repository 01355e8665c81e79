package dev.gatehouse.http.config;

import dev.gatehouse.client.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One mapping of configuration that knows its place: a section of a YAML file ({@code gateway.routes[2]}), an entry
 * of the provisioning file ({@code clients[2] (orders)}), or the flat set of settings given by file, environment
 * and flags (keyed by setting name). Its typed accessors are the only parsers of configuration values; each fails
 * with an {@link InvalidConfigException} naming the source, the place and the value (never a secret one).
 *
 * <p>Immutable: the mapping is copied, deeply, when the node is made.
 */
public final class ConfigNode {
    /** The least duration {@link #duration} may be given as its minimum to mean "more than zero". */
    public static final Duration POSITIVE = Duration.ofNanos(1);

    /** How messages name a place and a bad value; each reader keeps the wording its users know. */
    public enum Naming {
        /** {@code config file F: gateway.routes[2].audience: must be ..., got "x"} */
        KEYS,
        /** {@code provisioning file F: clients[2] (orders): field audience: must be ..., got "x"} */
        FIELDS,
        /** {@code invalid port "80x" (from environment variable GATEHOUSE_PORT): must be ...} */
        SETTINGS
    }

    /**
     * A value with its own source: each one of a {@link Naming#SETTINGS} node, or an environment variable that
     * overrides one key of a file. A message about it names that source: {@code invalid gateway.listen.port "x"
     * (from environment variable GATEHOUSE_GATEWAY_PORT): must be ...}.
     *
     * @param origin e.g. {@code environment variable GATEHOUSE_PORT}, {@code flag --port}
     * @param secret never shown in a message
     */
    public record Value(String text, String origin, boolean secret) {
        @Override
        public String toString() {
            return secret ? "(hidden)" : text;
        }
    }

    private final Naming naming;
    private final String origin;
    private final String path;
    private final Map<String, Object> entries;

    private ConfigNode(Naming naming, String origin, String path, Map<String, Object> entries) {
        this.naming = naming;
        this.origin = origin;
        this.path = path;
        this.entries = entries;
    }

    /**
     * A node over a loaded YAML (or JSON) mapping.
     *
     * @param origin where every value of it came from, e.g. {@code config file /etc/gatehouse.yaml}
     * @param path   its place, e.g. {@code gateway}; empty for the top level
     */
    public static ConfigNode of(Naming naming, String origin, String path, Map<?, ?> mapping) {
        return new ConfigNode(naming, origin, path, freeze(mapping));
    }

    /** The flat node of settings, keyed by setting name; each value names its own source. */
    public static ConfigNode settings(Map<String, Value> values) {
        return new ConfigNode(Naming.SETTINGS, "", "", Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** This node under another name, e.g. {@code clients[2] (orders)} once the entry's id is known. */
    public ConfigNode withPath(String newPath) {
        return new ConfigNode(naming, origin, newPath, entries);
    }

    public String path() {
        return path;
    }

    /** How messages name {@code key} of this node, e.g. {@code gateway.routes[2].audience}. */
    public String place(String key) {
        return switch (naming) {
            case KEYS -> path.isEmpty() ? key : path + "." + key;
            case FIELDS -> path.isEmpty() ? "field " + key : path + ": field " + key;
            case SETTINGS -> key;
        };
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether {@code key} is given a value (a key given as null counts as absent). */
    public boolean has(String key) {
        return entries.get(key) != null;
    }

    /** The value as loaded (String, Number, Boolean, List, Map, or {@link Value}), for the rare reader that needs it. */
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** @throws InvalidConfigException naming the first key that is not in {@code known}, and listing the known ones */
    public void onlyKnown(Set<String> known) {
        for (String key : entries.keySet()) {
            if (!known.contains(key)) {
                String word = switch (naming) {
                    case KEYS -> "key";
                    case FIELDS -> "field";
                    case SETTINGS -> "setting";
                };
                throw new InvalidConfigException(path, prefix() + (path.isEmpty() ? "" : path + ": ") + "unknown " + word
                        + " \"" + key + "\"; known " + word + "s: " + known.stream().sorted().toList());
            }
        }
    }

    /** A single value, trimmed (a secret setting is kept as given); empty when absent. */
    public Optional<String> string(String key) {
        Optional<String> text = text(key);
        if (text.isPresent() && text.get().isBlank()) {
            throw fail(key, "must not be empty");
        }
        return text;
    }

    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    public String requiredString(String key) {
        return string(key).orElseThrow(() -> fail(key, "is required"));
    }

    /**
     * A single value read by {@code parser}, or {@code fallback} when absent.
     *
     * @param parser      returns null or throws IllegalArgumentException for a bad value
     * @param expectation what a good value looks like, completing "must be ..."
     */
    public <T> T value(String key, T fallback, Function<String, T> parser, String expectation) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        T parsed;
        try {
            parsed = parser.apply(text.get());
        } catch (IllegalArgumentException e) {
            throw invalid(key, expectation);
        }
        if (parsed == null) {
            throw invalid(key, expectation);
        }
        return parsed;
    }

    /** A whole number from {@code min} to {@code max}, written as a number or as text. */
    public int integer(String key, int fallback, int min, int max) {
        Object raw = entries.get(key);
        if (raw == null) {
            return fallback;
        }
        String expectation = "an integer " + min + ".." + max;
        long n;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            n = ((Number) raw).longValue();
        } else if (raw instanceof String || raw instanceof Value) {
            try {
                n = Long.parseLong(text(key).orElseThrow());
            } catch (NumberFormatException e) {
                throw invalid(key, expectation);
            }
        } else {
            throw invalid(key, expectation);
        }
        if (n < min || n > max) {
            throw invalid(key, expectation);
        }
        return (int) n;
    }

    /** {@code true}/{@code false}; as text also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}. */
    public boolean bool(String key, boolean fallback) {
        Object raw = entries.get(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        return value(key, fallback, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> null;
        }, "true or false");
    }

    /**
     * A duration as {@link Durations} reads it, from {@code min} to {@code max} inclusive.
     *
     * @param min {@link Duration#ZERO} for "not negative", {@link #POSITIVE} for "more than zero"
     * @param max null for no upper bound
     */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String expectation = durationExpectation(min, max);
        return value(key, fallback, v -> {
            Duration d = Durations.parse(v);
            return d.compareTo(min) < 0 || (max != null && d.compareTo(max) > 0) ? null : d;
        }, expectation);
    }

    /** A file path; empty when absent. */
    public Optional<Path> path(String key) {
        return string(key).map(v -> {
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                throw invalid(key, "a file path");
            }
        });
    }

    /** A URI (relative or absolute, as RFC 3986 allows); empty when absent. */
    public Optional<URI> uri(String key) {
        return string(key).map(v -> {
            try {
                return new URI(v);
            } catch (URISyntaxException e) {
                throw invalid(key, "a URI");
            }
        });
    }

    /** One of the constants of {@code type}, written in lower case with {@code -} for {@code _}, any case accepted. */
    public <E extends Enum<E>> E oneOf(String key, E fallback, Class<E> type) {
        List<E> constants = Arrays.asList(type.getEnumConstants());
        return value(key, fallback, v -> constants.stream().filter(c -> name(c).equalsIgnoreCase(v)
                        || c.name().equalsIgnoreCase(v)).findFirst().orElse(null),
                constants.stream().map(ConfigNode::name).collect(Collectors.joining(", ", "one of ", "")));
    }

    /** A list of non-empty single values, trimmed; empty when absent. */
    public List<String> strings(String key) {
        Object raw = entries.get(key);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw invalid(key, "a list");
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item == null || item instanceof Map<?, ?> || item instanceof Collection<?> || String.valueOf(item).isBlank()) {
                throw invalid(key, "a list of non-empty values");
            }
            out.add(String.valueOf(item).trim());
        }
        return List.copyOf(out);
    }

    /** Like {@link #strings}, or one value holding them separated by spaces (as in a token's {@code scope}). */
    public List<String> words(String key) {
        Object raw = entries.get(key);
        if (raw instanceof List<?> || raw == null) {
            return strings(key);
        }
        return Arrays.stream(text(key).orElseThrow().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** The mapping under {@code key}; an empty node when absent. */
    public ConfigNode node(String key) {
        Object raw = entries.get(key);
        if (raw == null) {
            return new ConfigNode(naming, origin, place(key), Map.of());
        }
        if (raw instanceof Map<?, ?> m) {
            return new ConfigNode(naming, origin, place(key), castMap(m));
        }
        throw invalid(key, "a mapping");
    }

    /** The list of mappings under {@code key}, each named by its index ({@code routes[2]}); empty when absent. */
    public List<ConfigNode> nodes(String key) {
        Object raw = entries.get(key);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw invalid(key, "a list of mappings");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = (naming == Naming.KEYS ? place(key) : key) + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new InvalidConfigException(where, prefix() + where + ": must be a mapping, got " + quoted(list.get(i)));
            }
            out.add(new ConfigNode(naming, origin, where, castMap(m)));
        }
        return List.copyOf(out);
    }

    /** An error about {@code key} of this node, in this node's wording; the caller throws it. */
    public InvalidConfigException fail(String key, String problem) {
        String place = place(key);
        if (entries.get(key) instanceof Value v) {
            return new InvalidConfigException(place, place + " " + shown(v) + " (from " + v.origin() + "): " + problem);
        }
        return new InvalidConfigException(place, prefix() + place + ": " + problem);
    }

    /** An error about this node as a whole; the caller throws it. */
    public InvalidConfigException fail(String problem) {
        return new InvalidConfigException(path, prefix() + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    private InvalidConfigException invalid(String key, String expectation) {
        String place = place(key);
        Object raw = entries.get(key);
        if (raw instanceof Value v) {
            return new InvalidConfigException(place, "invalid " + place + " " + shown(v) + " (from " + v.origin()
                    + "): must be " + expectation);
        }
        return new InvalidConfigException(place, prefix() + place + ": must be " + expectation + ", got " + quoted(raw));
    }

    private Optional<String> text(String key) {
        Object raw = entries.get(key);
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof Value v) {
            return Optional.of(v.text());
        }
        if (raw instanceof Map<?, ?> || raw instanceof Collection<?>) {
            throw invalid(key, "a single value");
        }
        return Optional.of(String.valueOf(raw).trim());
    }

    private String prefix() {
        return origin.isEmpty() ? "" : origin + ": ";
    }

    private static String shown(Value v) {
        return v.secret() ? "(hidden)" : quoted(v.text());
    }

    /** Control characters are replaced, so that a value cannot forge lines in a log. */
    private static String quoted(Object raw) {
        return "\"" + String.valueOf(raw).replaceAll("\\p{Cc}", "?") + "\"";
    }

    private static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String durationExpectation(Duration min, Duration max) {
        String upTo = max == null ? "" : " up to " + written(max);
        if (min.equals(POSITIVE)) {
            return "a positive " + Durations.EXPECTED + (max == null ? "" : "," + upTo);
        }
        if (min.isZero()) {
            return "a " + Durations.EXPECTED + ", not negative" + (max == null ? "" : "," + upTo);
        }
        return "a " + Durations.EXPECTED + ", from " + written(min) + (max == null ? " up" : " to " + written(max));
    }

    /** {@code 5m}, {@code 1h}, {@code 30d}, {@code 200ms}: as the durations are written in files. */
    private static String written(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 || !d.equals(Duration.ofMillis(ms))) {
            return d.toString();
        }
        long[] units = {86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return d.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> frozen) {
        return (Map<String, Object>) frozen;
    }

    private static Map<String, Object> freeze(Map<?, ?> mapping) {
        Map<String, Object> copy = new LinkedHashMap<>();
        mapping.forEach((k, v) -> copy.put(String.valueOf(k), freezeValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object freezeValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freeze(m);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(item -> copy.add(freezeValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }
}

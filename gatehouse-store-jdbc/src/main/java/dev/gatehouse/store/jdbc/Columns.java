package dev.gatehouse.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How values are written to and read from columns, the same way on every engine. */
final class Columns {
    private Columns() {}

    /** Both engines keep microseconds; truncating here makes what is read back equal what was written. */
    static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(stored(instant), ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setSeconds(PreparedStatement ps, int index, Duration duration) throws SQLException {
        if (duration == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, duration.getSeconds());
        }
    }

    static Duration seconds(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofSeconds(value);
    }

    /** Space-separated, sorted so that equal sets are stored as equal text. */
    static <T> String words(Collection<T> values, Function<T, String> name) {
        return values.stream().map(name).map(Columns::word).sorted().collect(Collectors.joining(" "));
    }

    static String words(Collection<String> values) {
        return words(values, Function.identity());
    }

    /** Space-separated in the given order. */
    static String wordList(List<String> values) {
        return values.stream().map(Columns::word).collect(Collectors.joining(" "));
    }

    /** A value with a space in it would come back as two values: refused rather than split. */
    private static String word(String value) {
        if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a value of a set must be non-empty and without whitespace: '" + value + "'");
        }
        return value;
    }

    static <T> Set<T> wordSet(String text, Function<String, T> parse) {
        return split(text).stream().map(parse).collect(Collectors.toUnmodifiableSet());
    }

    static Set<String> wordSet(String text) {
        return Set.copyOf(split(text));
    }

    static List<String> split(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split(" ")).filter(w -> !w.isEmpty()).toList();
    }
}

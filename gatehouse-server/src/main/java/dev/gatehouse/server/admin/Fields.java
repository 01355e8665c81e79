package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks on request fields that JSON typing alone cannot express. */
final class Fields {
    private Fields() {}

    static <T> T required(String field, T value) {
        if (value == null) {
            throw ProblemException.invalidField(field, "required");
        }
        return value;
    }

    /** The array's distinct values in order; an absent array is empty, a null element an error. */
    static Set<String> set(String field, List<String> values) {
        if (values == null) {
            return Set.of();
        }
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw ProblemException.invalidField(field + "[" + i + "]", "must not be null");
            }
            set.add(values.get(i));
        }
        return set;
    }
}

package dev.gatehouse.core.validation;

import java.util.Objects;

/**
 * A value refused before it is stored, naming the field at fault. This is the only failure the admin API
 * answers with 400 from core: its {@link #detail()} is written for the caller, never a stack trace or an
 * internal state. {@link #field()} is core's name of the field, the one provisioning files use.
 */
public final class InvalidFieldException extends RuntimeException {
    private final String field;
    private final String detail;

    public InvalidFieldException(String field, String detail) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(detail, "detail"), null, false, false);
        this.field = field;
        this.detail = detail;
    }

    public String field() {
        return field;
    }

    /** What is wrong with the value, without the field name. */
    public String detail() {
        return detail;
    }
}

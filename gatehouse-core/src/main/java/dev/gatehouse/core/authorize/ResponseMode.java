package dev.gatehouse.core.authorize;

import java.util.Optional;

/** How the authorization response travels back to the client: OAuth 2.0 Multiple Response Types and Form Post. */
public enum ResponseMode {
    /** The default of the code flow: parameters in the redirect URI's query. */
    QUERY("query"),
    /** OAuth 2.0 Form Post Response Mode: a self-submitting form posts the parameters. */
    FORM_POST("form_post");

    private final String value;

    ResponseMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The mode of a {@code response_mode} value; absent means {@link #QUERY}; empty for anything unsupported. */
    public static Optional<ResponseMode> parse(String value) {
        if (value == null) {
            return Optional.of(QUERY);
        }
        for (ResponseMode mode : values()) {
            if (mode.value.equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}

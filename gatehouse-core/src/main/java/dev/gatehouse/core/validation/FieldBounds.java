package dev.gatehouse.core.validation;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The bounds of every stored field of users and clients, in one place, checked before anything is stored.
 * Each is chosen so that the longest value allowed fits its column (V1__schema.sql). Sets are stored as
 * space-separated words, so a set of at most {@code n} words of at most {@code m} characters takes at most
 * n × (m + 1) − 1 characters. The admin API's OpenAPI document and docs/provisioning.md state the same numbers.
 */
public final class FieldBounds {
    /** users.username VARCHAR(128). */
    public static final int USERNAME_MAX = 128;
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 1024;
    /** users.password_hash and clients.secret_hash VARCHAR(1024). */
    public static final int HASH_MAX = 1024;
    /** users.roles and clients.roles VARCHAR(4000): 50 × 65 − 1 = 3249. */
    public static final int ROLES_MAX = 50;
    public static final int ROLE_MAX = 64;
    /** clients.client_id VARCHAR(255), and so in sessions, refresh tokens and the audit log. */
    public static final int CLIENT_ID_MAX = 128;
    /** clients.name VARCHAR(255). */
    public static final int CLIENT_NAME_MAX = 200;
    /** clients.scopes and refresh_tokens.scope VARCHAR(4000): 30 × 129 − 1 = 3869. */
    public static final int SCOPES_MAX = 30;
    public static final int SCOPE_MAX = 128;
    /** clients.audiences and refresh_tokens.audience VARCHAR(4000): 20 × 191 − 1 = 3819. */
    public static final int AUDIENCES_MAX = 20;
    public static final int AUDIENCE_MAX = 190;
    /** clients.redirect_uris VARCHAR without a length: 20 × 2001 − 1 characters at most. */
    public static final int REDIRECT_URIS_MAX = 20;
    public static final int REDIRECT_URI_MAX = 2000;
    /** clients.jwks VARCHAR without a length. */
    public static final int JWKS_MAX = 32 * 1024;
    /** A client's lifetimes (BIGINT seconds): ten years at most, so that every expiry instant stays representable. */
    public static final long LIFETIME_MAX_SECONDS = 10L * 366 * 24 * 3600;

    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1," + USERNAME_MAX + "}");
    public static final String USERNAME_RULE = "1-" + USERNAME_MAX + " characters of letters, digits and . _ @ + -";
    public static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._:-]{1," + ROLE_MAX + "}");
    public static final String ROLE_RULE = "1-" + ROLE_MAX + " characters of letters, digits and . _ : -";
    public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + CLIENT_ID_MAX + "}");
    public static final String CLIENT_ID_RULE = "1-" + CLIENT_ID_MAX + " characters of letters, digits and . _ : -";
    /** RFC 6749 3.3 scope-token. */
    public static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1," + SCOPE_MAX + "}");
    public static final String SCOPE_RULE = "1-" + SCOPE_MAX + " printable ASCII characters but space, \" and \\ (RFC 6749 3.3)";
    /** Audiences are URIs (RFC 8707) or names: printable ASCII without spaces. */
    public static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7E]{1," + AUDIENCE_MAX + "}");
    public static final String AUDIENCE_RULE = "1-" + AUDIENCE_MAX + " printable ASCII characters but space";

    private static final int QUOTED_MAX = 64;

    private FieldBounds() {}

    /** The value when it matches {@code pattern}; else refused with {@code rule}. */
    public static String text(String field, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidFieldException(field, rule + (value == null ? "" : ", got " + quoted(value)));
        }
        return value;
    }

    /** At most {@code maxItems} values, each matching {@code word}. */
    public static void words(String field, Collection<String> values, int maxItems, Pattern word, String rule) {
        count(field, values, maxItems);
        for (String v : values) {
            if (v == null || !word.matcher(v).matches()) {
                throw new InvalidFieldException(field, "each " + rule + (v == null ? "" : ", got " + quoted(v)));
            }
        }
    }

    public static void count(String field, Collection<?> values, int maxItems) {
        if (values.size() > maxItems) {
            throw new InvalidFieldException(field, "at most " + maxItems + " values, got " + values.size());
        }
    }

    /** A value to show in an error: quoted, and cut short when long. */
    public static String quoted(String value) {
        String shown = value.length() <= QUOTED_MAX ? value : value.substring(0, QUOTED_MAX) + "...";
        return "\"" + shown + "\"";
    }
}

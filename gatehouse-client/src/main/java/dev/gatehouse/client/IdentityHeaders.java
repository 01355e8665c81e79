package dev.gatehouse.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The headers that carry a verified identity to an upstream service. Every gate removes any header with the
 * {@value #PREFIX} prefix (in any case, {@code _} or {@code -}) that a caller sent, then adds these, so an upstream
 * may trust them as long as only the gate can reach it.
 */
public final class IdentityHeaders {
    public static final String PREFIX = "X-Gatehouse-";
    /** {@code sub}: the user, or the client itself for client_credentials tokens. */
    public static final String SUBJECT = PREFIX + "Subject";
    public static final String CLIENT_ID = PREFIX + "Client-Id";
    /** Granted scopes, space-separated. */
    public static final String SCOPE = PREFIX + "Scope";
    /** Roles, space-separated (absent for tokens without roles). */
    public static final String ROLES = PREFIX + "Roles";
    /** {@code sid}, absent for tokens without a session. */
    public static final String SESSION = PREFIX + "Session";
    /** {@code jti}. */
    public static final String TOKEN_ID = PREFIX + "Token-Id";
    /** {@code exp} as seconds since the epoch. */
    public static final String EXPIRES = PREFIX + "Expires";
    /** Every header a gate may add, in the order {@link #of} writes them. */
    public static final List<String> NAMES = List.of(SUBJECT, CLIENT_ID, SCOPE, ROLES, SESSION, TOKEN_ID, EXPIRES);

    private IdentityHeaders() {}

    /**
     * Whether a header of this name must be removed from what a caller sent: it starts with {@value #PREFIX} in any
     * case, with {@code _} in place of any {@code -}. CGI-style servers (Rack, WSGI, PHP-FPM) read
     * {@code X_Gatehouse_Roles} and {@code X-Gatehouse-Roles} as the same variable, so both spellings are identity.
     */
    public static boolean isIdentityHeader(String name) {
        if (name.length() < PREFIX.length()) {
            return false;
        }
        for (int i = 0; i < PREFIX.length(); i++) {
            char c = name.charAt(i) == '_' ? '-' : name.charAt(i);
            if (Character.toLowerCase(c) != Character.toLowerCase(PREFIX.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The header values for a verified token, in a stable order; absent claims give no header. */
    public static Map<String, String> of(VerifiedAccessToken token) {
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, SUBJECT, token.subject());
        put(headers, CLIENT_ID, token.clientId());
        put(headers, SCOPE, String.join(" ", new TreeSet<>(token.scopes())));
        put(headers, ROLES, String.join(" ", new TreeSet<>(token.roles())));
        put(headers, SESSION, token.sid());
        put(headers, TOKEN_ID, token.jti());
        put(headers, EXPIRES, Long.toString(token.expiresAt().getEpochSecond()));
        return headers;
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isEmpty()) {
            headers.put(name, headerSafe(value));
        }
    }

    /** Percent-encodes anything but printable ASCII, so no claim can split or smuggle a header. */
    static String headerSafe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}

package dev.gatehouse.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request headers a gateway removes before forwarding, whoever sent them: by default every
 * {@code X-Gatehouse-*} header and the identity headers other gateways set, which services moved from those
 * gateways may still read and trust. A name ending in {@code *} is a prefix. Names match in any case and with
 * {@code _} in place of any {@code -}: CGI-style servers (Rack, WSGI, PHP-FPM) read both spellings as the same
 * variable.
 */
public final class StrippedHeaders {
    /** What oauth2-proxy, Authelia and similar gateways tell their services about the caller. */
    public static final List<String> OTHER_GATEWAYS = List.of(
            "X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Groups", "X-Forwarded-Preferred-Username",
            "X-Forwarded-Access-Token", "X-Auth-Request-*", "Remote-User", "Remote-Groups", "Remote-Email",
            "Remote-Name", "X-Remote-User");
    /** Removed unless a gateway is told otherwise: Gatehouse's own identity headers and {@link #OTHER_GATEWAYS}. */
    public static final List<String> DEFAULTS = concat(List.of(IdentityHeaders.PREFIX + "*"), OTHER_GATEWAYS);
    /** RFC 9110 5.1: a field name is a token; a trailing {@code *} makes it a prefix. */
    private static final Pattern NAME_OR_PREFIX = Pattern.compile("[!#$%&'+.^_`|~0-9A-Za-z-]+\\*?");
    /** Without these a request cannot be forwarded as it was sent. */
    private static final List<String> NEEDED = List.of("Host", "Content-Length", "Content-Type", "Transfer-Encoding",
            "Connection", "Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol");

    private final List<String> patterns;
    private final Set<String> names = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    private StrippedHeaders(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        for (String p : this.patterns) {
            if (p.endsWith("*")) {
                prefixes.add(normal(p.substring(0, p.length() - 1)));
            } else {
                names.add(normal(p));
            }
        }
    }

    /** {@link #DEFAULTS}. */
    public static StrippedHeaders defaults() {
        return new StrippedHeaders(DEFAULTS);
    }

    /**
     * These and {@code more}.
     *
     * @throws IllegalArgumentException for an entry that is not a header name or a prefix ending in {@code *}, or
     *                                  that would remove a header a forwarded request needs, such as {@code Host}
     */
    public StrippedHeaders and(Collection<String> more) {
        for (String p : more) {
            if (p == null || !NAME_OR_PREFIX.matcher(p).matches()) {
                throw new IllegalArgumentException("a header name, or a prefix ending in *, got \""
                        + String.valueOf(p).replaceAll("\\p{Cc}", "?") + "\"");
            }
            StrippedHeaders one = new StrippedHeaders(List.of(p));
            for (String needed : NEEDED) {
                if (one.matches(needed)) {
                    throw new IllegalArgumentException("\"" + p + "\" would remove " + needed + ", which forwarding needs");
                }
            }
        }
        return new StrippedHeaders(concat(patterns, List.copyOf(more)));
    }

    /** Whether a header of this name is removed. */
    public boolean matches(String name) {
        String n = normal(name);
        if (names.contains(n)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The names and prefixes, as given. */
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StrippedHeaders other && patterns.equals(other.patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return "StrippedHeaders" + patterns;
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}

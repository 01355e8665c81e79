package dev.gatehouse.core.client;

import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.core.validation.InvalidFieldException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The redirect URIs a client may register (RFC 9700 2.1, RFC 8252 7): absolute {@code https} URIs with a host,
 * {@code http} only to a loopback address, and private-use schemes named by a reverse domain for native apps.
 * Redirect URIs are matched exactly, so no wildcard; never user information nor a fragment.
 */
public final class RedirectUris {
    public static final String FIELD = "redirect_uris";
    /** OpenID Connect RP-Initiated Logout 1.0 3.1: registered like redirect URIs and matched as exactly. */
    public static final String POST_LOGOUT_FIELD = "post_logout_redirect_uris";
    /** OpenID Connect Back-Channel Logout 1.0 2.2. */
    public static final String BACKCHANNEL_LOGOUT_FIELD = "backchannel_logout_uri";
    /** RFC 8252 7.3 (and 8.3, which prefers the literal addresses to localhost). */
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");
    private static final Set<String> REFUSED_SCHEMES = Set.of("javascript", "vbscript", "data", "file", "blob", "about");
    /** RFC 8252 7.1: a reverse domain name under the app's control, such as com.example.app. */
    private static final Pattern PRIVATE_USE_SCHEME = Pattern.compile("[a-z][a-z0-9+-]*(\\.[a-z][a-z0-9+-]*)+");

    private RedirectUris() {}

    /** @throws InvalidFieldException naming {@value #FIELD} for too many URIs or the first refused one */
    public static void check(List<URI> uris) {
        check(FIELD, uris);
    }

    /**
     * The same rules for another list of redirect targets ({@value #POST_LOGOUT_FIELD}).
     *
     * @throws InvalidFieldException naming {@code field} for too many URIs or the first refused one
     */
    public static void check(String field, List<URI> uris) {
        FieldBounds.count(field, uris, FieldBounds.REDIRECT_URIS_MAX);
        uris.forEach(uri -> check(field, uri));
    }

    /** @throws InvalidFieldException naming {@value #FIELD} when {@code uri} may not be registered */
    public static void check(URI uri) {
        check(FIELD, uri);
    }

    private static void check(String field, URI uri) {
        String text = uri.toString();
        String problem = problem(uri, text);
        if (problem != null) {
            throw new InvalidFieldException(field, problem + ", got " + FieldBounds.quoted(text));
        }
    }

    /**
     * A back-channel logout URI (OpenID Connect Back-Channel Logout 1.0 2.2): an absolute {@code https} URI, or
     * {@code http} to a loopback address, with a host and without user information or fragment; a query is allowed.
     * Null (none registered) passes.
     *
     * @throws InvalidFieldException naming {@value #BACKCHANNEL_LOGOUT_FIELD}
     */
    public static void checkBackchannelLogout(URI uri) {
        if (uri == null) {
            return;
        }
        String text = uri.toString();
        String problem = backchannelProblem(uri, text);
        if (problem != null) {
            throw new InvalidFieldException(BACKCHANNEL_LOGOUT_FIELD, problem + ", got " + FieldBounds.quoted(text));
        }
    }

    private static String backchannelProblem(URI uri, String text) {
        if (text.length() > FieldBounds.REDIRECT_URI_MAX) {
            return "at most " + FieldBounds.REDIRECT_URI_MAX + " characters";
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return "printable ASCII only, without spaces (percent-encode the rest)";
        }
        if (text.indexOf('#') >= 0) {
            return "no fragment";
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            return "an absolute https URI";
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> web(uri, false);
            case "http" -> web(uri, true);
            default -> "an https URI (http only to a loopback address)";
        };
    }

    private static String problem(URI uri, String text) {
        if (text.length() > FieldBounds.REDIRECT_URI_MAX) {
            return "at most " + FieldBounds.REDIRECT_URI_MAX + " characters";
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return "printable ASCII only, without spaces (percent-encode the rest)";
        }
        // RFC 9700 2.1: exact string matching, so a pattern is never a redirect URI
        if (text.indexOf('*') >= 0) {
            return "no wildcard '*'";
        }
        // RFC 6749 3.1.2
        if (text.indexOf('#') >= 0) {
            return "no fragment";
        }
        if (!uri.isAbsolute()) {
            return "an absolute URI";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (REFUSED_SCHEMES.contains(scheme)) {
            return "the " + scheme + ": scheme is not a redirect target";
        }
        return switch (scheme) {
            case "https" -> web(uri, false);
            case "http" -> web(uri, true);
            default -> privateUse(uri, scheme);
        };
    }

    private static String web(URI uri, boolean plain) {
        if (uri.getRawUserInfo() != null) {
            return "no user information before the host";
        }
        if (uri.getHost() == null || uri.getPort() > 65535) {
            return "an http(s) URI needs a valid host";
        }
        if (plain && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return "http only to a loopback address (127.0.0.1, [::1], localhost); https elsewhere (RFC 8252 7.3)";
        }
        return null;
    }

    private static String privateUse(URI uri, String scheme) {
        if (!PRIVATE_USE_SCHEME.matcher(scheme).matches()) {
            return "https, http to a loopback address, or a private-use scheme named by a reverse domain such as"
                    + " com.example.app (RFC 8252 7.1)";
        }
        if (uri.isOpaque() || uri.getRawAuthority() != null || !uri.getRawPath().startsWith("/")) {
            return "a private-use scheme URI has no host: scheme, colon and a path with one slash, such as"
                    + " com.example.app:/callback (RFC 8252 7.1)";
        }
        return null;
    }
}

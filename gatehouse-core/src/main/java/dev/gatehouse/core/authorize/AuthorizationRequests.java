package dev.gatehouse.core.authorize;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.Prompt;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.oauth.OAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates authorization requests (RFC 6749 4.1.1, RFC 9700, OpenID Connect Core 3.1.2.1) and keeps them between
 * their arrival and their answer: pushed requests (RFC 9126) and pending ones while the browser is on a page.
 *
 * <p>Validation has two stages, because their errors travel differently: {@link #incoming} finds the client and the
 * redirect URI, and its errors are shown to the user (never a redirect, RFC 6749 4.1.2.1); {@link #validate} checks
 * the rest, and its errors go back to that redirect URI.
 */
public final class AuthorizationRequests {
    /** RFC 9126 2.2: the request_uri of a pushed request. */
    public static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    /** RFC 9126 2.2 suggests a short life; a redirect to the authorization endpoint follows at once. */
    public static final Duration PUSHED_LIFETIME = Duration.ofSeconds(60);
    /** How long a person may take on the sign-in and consent pages. */
    public static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    /** Longest state, nonce or hint carried: generous for any client, bounded for storage. */
    public static final int MAX_VALUE_CHARACTERS = 2048;

    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]");

    private final ClientStore clients;
    private final AuthorizationRequestStore store;
    private final Clock clock;

    public AuthorizationRequests(ClientStore clients, AuthorizationRequestStore store, Clock clock) {
        this.clients = clients;
        this.store = store;
        this.clock = clock;
    }

    /**
     * What an authorization request was sent by and where its answer may go, before anything else is checked.
     *
     * @param params     its parameters, every value of each (a pushed request's as the client pushed them)
     * @param pushed     whether it came through PAR
     * @param state      for an error response; null when absent or sent twice
     * @param errorMode  how an error response travels: the requested mode when supported, else query
     */
    public record Incoming(OAuthClient client, URI redirectUri, boolean redirectUriSent,
                           Map<String, List<String>> params, boolean pushed, String state, ResponseMode errorMode) {}

    /**
     * The client and redirect URI of a request at the authorization endpoint, or of the pushed request its
     * {@code request_uri} names (whose other parameters are then ignored, RFC 9126 4).
     *
     * @throws OAuthException to be shown as an error page, never redirected: unknown client, missing or
     *                        unregistered redirect URI, unknown or expired or used request_uri
     */
    public Incoming incoming(Map<String, List<String>> params) {
        String requestUri = single(params, "request_uri");
        if (requestUri != null && requestUri.startsWith(REQUEST_URI_PREFIX)) {
            return pushedIncoming(params, requestUri);
        }
        OAuthClient client = client(single(params, "client_id"));
        return incoming(client, params, false);
    }

    /**
     * Checks everything but the client and redirect URI.
     *
     * @throws OAuthException the error to send to {@code incoming.redirectUri()}
     */
    public AuthorizationRequest validate(Incoming incoming) {
        Map<String, List<String>> params = incoming.params();
        OAuthClient client = incoming.client();
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            // RFC 6749 3.1: request and response parameters must not be included more than once
            if (p.getValue().size() > 1) {
                throw OAuthException.invalidRequest("Parameter included more than once: " + p.getKey());
            }
        }
        String responseType = single(params, "response_type");
        if (responseType == null) {
            throw OAuthException.invalidRequest("Missing response_type");
        }
        if (!responseType.equals("code")) {
            // RFC 9700 2.1.2: no implicit or hybrid flow
            throw new OAuthException(OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription(
                    "Only response_type=code is supported"), "response_type " + responseType);
        }
        ResponseMode mode = ResponseMode.parse(single(params, "response_mode"))
                .orElseThrow(() -> OAuthException.invalidRequest("response_mode must be query or form_post"));
        if (params.containsKey("request")) {
            // OpenID Connect Core 6: request objects are not supported; nothing is fetched or parsed
            throw new OAuthException(new ErrorObject("request_not_supported", "Request objects are not supported", 400),
                    "request parameter sent");
        }
        if (params.containsKey("request_uri")) {
            throw new OAuthException(new ErrorObject("request_uri_not_supported",
                    "Only request_uri values from this issuer's pushed authorization request endpoint are supported", 400),
                    "foreign request_uri sent");
        }
        if (!client.grantTypes().contains(GrantType.AUTHORIZATION_CODE)) {
            throw OAuthException.unauthorizedClient("This client may not use the authorization code flow");
        }
        if (client.browser().requirePushedAuthorizationRequests() && !incoming.pushed()) {
            // RFC 9126 6
            throw OAuthException.invalidRequest("This client must push its authorization requests (PAR)");
        }
        com.nimbusds.oauth2.sdk.AuthorizationRequest parsed;
        try {
            parsed = com.nimbusds.oauth2.sdk.AuthorizationRequest.parse(params);
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
            throw new OAuthException(error.setDescription(e.getMessage() == null ? null : describable(e.getMessage())),
                    "unparseable request: " + e.getMessage());
        }
        String state = bounded(params, "state");
        String nonce = bounded(params, "nonce");
        String challenge = challenge(client, params);
        List<String> scopes = scopes(client, parsed.getScope());
        return new AuthorizationRequest(client.clientId(), incoming.redirectUri(), incoming.redirectUriSent(), mode,
                scopes, state, nonce, challenge, prompt(params), maxAge(params), bounded(params, "id_token_hint"),
                bounded(params, "login_hint"), bounded(params, "ui_locales"), bounded(params, "acr_values"));
    }

    /**
     * RFC 9126 2: validates a request pushed by an authenticated client and stores it for {@link #PUSHED_LIFETIME}.
     *
     * @return the {@code request_uri} to send the browser with
     * @throws OAuthException the error to answer the client with, as JSON
     */
    public String push(OAuthClient client, Map<String, List<String>> params) {
        if (params.containsKey("request_uri")) {
            throw OAuthException.invalidRequest("request_uri is not allowed in a pushed authorization request");
        }
        String clientId = single(params, "client_id");
        if (clientId != null && !clientId.equals(client.clientId())) {
            throw OAuthException.invalidRequest("client_id does not match the authenticated client");
        }
        Map<String, List<String>> stored = new LinkedHashMap<>(params);
        stored.put("client_id", List.of(client.clientId()));
        validate(incoming(client, stored, true));
        String handle = Secrets.newToken();
        store.save(new StoredAuthorizationRequest(Secrets.sha256(handle), StoredAuthorizationRequest.Kind.PUSHED,
                client.clientId(), URLUtils.serializeParameters(stored), null, clock.instant().plus(PUSHED_LIFETIME)));
        return REQUEST_URI_PREFIX + handle;
    }

    /**
     * Keeps a validated request while the browser is on the sign-in or consent page, bound to the browser's CSRF
     * token; returns the handle for the page's hidden {@code request} field.
     */
    public String hold(AuthorizationRequest request, String csrfToken) {
        String handle = Secrets.newToken();
        store.save(new StoredAuthorizationRequest(Secrets.sha256(handle), StoredAuthorizationRequest.Kind.PENDING,
                request.clientId(), request.serialize(), Secrets.sha256(csrfToken),
                clock.instant().plus(PENDING_LIFETIME)));
        return handle;
    }

    /** The pending request under {@code handle}, if unexpired and held for the browser with this CSRF token. */
    public Optional<AuthorizationRequest> pending(String handle, String csrfToken) {
        if (handle == null || handle.length() != 43 || csrfToken == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.find(Secrets.sha256(handle))
                .filter(r -> r.kind() == StoredAuthorizationRequest.Kind.PENDING)
                .filter(r -> now.isBefore(r.expiresAt()))
                .filter(r -> Secrets.constantTimeEquals(r.bindingHash(), Secrets.sha256(csrfToken)))
                .map(r -> AuthorizationRequest.deserialize(r.parameters()));
    }

    /** Ends a pending request once answered; false when it was already (a second tab, a replayed form). */
    public boolean release(String handle) {
        return store.delete(Secrets.sha256(handle));
    }

    private Incoming pushedIncoming(Map<String, List<String>> params, String requestUri) {
        OAuthClient client = client(single(params, "client_id"));
        String handle = requestUri.substring(REQUEST_URI_PREFIX.length());
        String hash = Secrets.sha256(handle);
        StoredAuthorizationRequest stored = store.find(hash)
                .filter(r -> r.kind() == StoredAuthorizationRequest.Kind.PUSHED)
                .orElseThrow(() -> invalidRequestUri("unknown or already used request_uri"));
        // RFC 9126 4: the client_id must be the one that pushed the request
        if (!stored.clientId().equals(client.clientId())) {
            throw invalidRequestUri("request_uri pushed by client " + stored.clientId() + ", used by " + client.clientId());
        }
        if (!clock.instant().isBefore(stored.expiresAt())) {
            store.delete(hash);
            throw invalidRequestUri("request_uri expired");
        }
        // single use (RFC 9126 4): among concurrent uses exactly one gets it
        store.take(hash).orElseThrow(() -> invalidRequestUri("request_uri already used"));
        return incoming(client, URLUtils.parseParameters(stored.parameters()), true);
    }

    private Incoming incoming(OAuthClient client, Map<String, List<String>> params, boolean pushed) {
        if (params.getOrDefault("client_id", List.of()).size() > 1) {
            throw pageError("client_id included more than once");
        }
        List<String> sent = params.getOrDefault("redirect_uri", List.of());
        if (sent.size() > 1) {
            throw pageError("redirect_uri included more than once");
        }
        URI redirect;
        if (sent.isEmpty()) {
            // RFC 6749 3.1.2.3: optional when exactly one is registered; OpenID Connect Core 3.1.2.1 always requires it
            if (client.redirectUris().size() != 1) {
                throw pageError("redirect_uri is required: the client registered " + client.redirectUris().size());
            }
            if (scopeContainsOpenId(params)) {
                throw pageError("redirect_uri is required in an OpenID Connect request");
            }
            redirect = client.redirectUris().getFirst();
        } else {
            redirect = registered(client, sent.getFirst())
                    .orElseThrow(() -> pageError("redirect_uri is not registered for client " + client.clientId()));
        }
        List<String> states = params.getOrDefault("state", List.of());
        String state = states.size() == 1 && states.getFirst().length() <= MAX_VALUE_CHARACTERS ? states.getFirst() : null;
        List<String> modes = params.getOrDefault("response_mode", List.of());
        ResponseMode errorMode = modes.size() == 1 ? ResponseMode.parse(modes.getFirst()).orElse(ResponseMode.QUERY)
                : ResponseMode.QUERY;
        return new Incoming(client, redirect, !sent.isEmpty(), params, pushed, state, errorMode);
    }

    private OAuthClient client(String clientId) {
        if (clientId == null) {
            throw pageError("client_id is missing or included more than once");
        }
        return clients.find(clientId).orElseThrow(() -> new OAuthException(
                OAuth2Error.INVALID_CLIENT.setHTTPStatusCode(400).setDescription("Unknown client"),
                "unknown client_id " + describable(clientId)));
    }

    /**
     * RFC 9700 2.1: the registered URI equal to {@code sent} character for character; RFC 8252 7.3: for a
     * registered http loopback URI (an IP literal), any port.
     */
    static Optional<URI> registered(OAuthClient client, String sent) {
        for (URI uri : client.redirectUris()) {
            if (uri.toString().equals(sent)) {
                return Optional.of(URI.create(sent));
            }
        }
        URI candidate;
        try {
            candidate = new URI(sent);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!"http".equals(candidate.getScheme()) || candidate.getRawUserInfo() != null
                || candidate.getHost() == null || !LOOPBACK_HOSTS.contains(candidate.getHost())) {
            return Optional.empty();
        }
        for (URI uri : client.redirectUris()) {
            if ("http".equals(uri.getScheme()) && LOOPBACK_HOSTS.contains(uri.getHost()) && uri.getRawUserInfo() == null
                    && withoutPort(uri).equals(withoutPort(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The URI text with its port removed, everything else exactly as written. */
    private static String withoutPort(URI uri) {
        String authority = uri.getRawAuthority();
        String host = uri.getHost();
        String rest = uri.toString().substring(("http://" + authority).length());
        return "http://" + host + rest;
    }

    private static boolean scopeContainsOpenId(Map<String, List<String>> params) {
        List<String> scope = params.getOrDefault("scope", List.of());
        return scope.stream().anyMatch(s -> List.of(s.split(" ")).contains("openid"));
    }

    private static String challenge(OAuthClient client, Map<String, List<String>> params) {
        String challenge = single(params, "code_challenge");
        String method = single(params, "code_challenge_method");
        if (challenge == null) {
            if (method != null) {
                throw OAuthException.invalidRequest("code_challenge_method without code_challenge");
            }
            if (client.requiresPkce()) {
                throw OAuthException.invalidRequest("code_challenge is required (PKCE, S256)");
            }
            return null;
        }
        // RFC 9700 2.1.1: S256 only; an absent method would mean plain (RFC 7636 4.3)
        if (!CodeChallengeMethod.S256.getValue().equals(method)) {
            throw OAuthException.invalidRequest("code_challenge_method must be S256");
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw OAuthException.invalidRequest("code_challenge must be the base64url SHA-256 of the verifier (43 characters)");
        }
        return challenge;
    }

    /** RFC 6749 3.3: none asked means the registered ones; asking beyond them is invalid_scope. */
    private static List<String> scopes(OAuthClient client, Scope requested) {
        if (requested == null || requested.isEmpty()) {
            return client.scopes().stream().sorted().toList();
        }
        for (String s : requested.toStringList()) {
            if (!client.scopes().contains(s)) {
                throw OAuthException.invalidScope("Scope not allowed for this client: " + s);
            }
        }
        return requested.toStringList();
    }

    private static Set<String> prompt(Map<String, List<String>> params) {
        String value = single(params, "prompt");
        if (value == null) {
            return Set.of();
        }
        Prompt prompt;
        try {
            prompt = Prompt.parse(value);
        } catch (ParseException e) {
            // OpenID Connect Core 3.1.2.1: none with any other value is an error; so is an unknown value
            throw OAuthException.invalidRequest("Invalid prompt: " + value);
        }
        Set<String> values = new HashSet<>();
        prompt.forEach(t -> values.add(t.toString().toLowerCase(Locale.ROOT)));
        return values;
    }

    private static Long maxAge(Map<String, List<String>> params) {
        String value = single(params, "max_age");
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0 && value.length() <= 12) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw OAuthException.invalidRequest("max_age must be a non-negative number of seconds");
    }

    private static String bounded(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value != null && value.length() > MAX_VALUE_CHARACTERS) {
            throw OAuthException.invalidRequest(name + " too long: at most " + MAX_VALUE_CHARACTERS + " characters");
        }
        return value;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.size() != 1 || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    private static OAuthException pageError(String description) {
        return OAuthException.invalidRequest(description);
    }

    private static OAuthException invalidRequestUri(String detail) {
        return new OAuthException(new ErrorObject("invalid_request_uri",
                "The request_uri is unknown, expired or already used", 400), detail);
    }

    private static String describable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        text.codePoints().limit(200).forEach(c -> out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? (char) c : '?'));
        return out.toString();
    }
}

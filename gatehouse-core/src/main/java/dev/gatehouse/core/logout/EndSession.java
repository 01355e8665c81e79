package dev.gatehouse.core.logout;

import dev.gatehouse.core.token.IdTokenHints;
import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.browser.BrowserSessionStore;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.SessionStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * OpenID Connect RP-Initiated Logout 1.0: decides what a logout request does. With a valid {@code id_token_hint}
 * for the browser's own session the session ends at once; otherwise the user is asked first, so that a link on
 * any site cannot sign people out. The browser is sent back only to a {@code post_logout_redirect_uri} registered
 * for the client the request names, compared as an exact string.
 */
public final class EndSession {
    /** The request's parameters as sent; null for an absent one. */
    public record Request(String idTokenHint, String clientId, String postLogoutRedirectUri, String state,
                          String uiLocales) {}

    /** What to answer. */
    public sealed interface Outcome {
        /** A malformed request: an error page, no redirect. */
        record Refused(String error, String description) implements Outcome {}

        /**
         * Ask the user whether to sign out of this browser session; {@code clientName} null when no client is known,
         * {@code redirect} the validated post-logout URI the confirmation leads to, or null.
         */
        record Confirm(String clientName, URI redirect) implements Outcome {}

        /**
         * Signed out (or there was no session to end): go to {@code redirect} (the validated post-logout URI with
         * {@code state}) or, when null, show the signed-out page.
         */
        record SignedOut(URI redirect) implements Outcome {}
    }

    private final IdTokenHints hints;
    private final ClientStore clients;
    private final BrowserSessionStore browserSessions;
    private final SessionStore sessions;
    private final Revocations revocations;
    private final Clock clock;

    public EndSession(IdTokenHints hints, ClientStore clients, BrowserSessionStore browserSessions,
                      SessionStore sessions, Revocations revocations, Clock clock) {
        this.hints = hints;
        this.clients = clients;
        this.browserSessions = browserSessions;
        this.sessions = sessions;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * A logout request as the relying party sent it (GET, or POST without the confirmation form's fields).
     *
     * @param browserSessionHash SHA-256 of the browser's session cookie, null when it sent none
     */
    public Outcome request(Request request, String browserSessionHash) {
        Optional<IdTokenHints.Hint> hint = hints.verify(request.idTokenHint());
        if (request.clientId() != null && hint.isPresent() && !hint.get().clientId().equals(request.clientId())) {
            return new Outcome.Refused("invalid_request", "client_id is not the audience of id_token_hint");
        }
        Optional<OAuthClient> client = client(request, hint);
        URI redirect = redirect(request, client);
        Optional<BrowserSession> current = live(browserSessionHash);
        if (current.isEmpty()) {
            return new Outcome.SignedOut(redirect);
        }
        // RP-Initiated Logout 2: without a hint for this very session the user must confirm
        String sid = current.get().sessionId();
        if (hint.isPresent() && sid.equals(hint.get().sessionId())) {
            end(current.get(), "end_session");
            return new Outcome.SignedOut(redirect);
        }
        return new Outcome.Confirm(client.map(OAuthClient::name).orElse(null), redirect);
    }

    /**
     * The user confirmed on the page {@link Outcome.Confirm} showed; the form carried the request back, and it is
     * checked again from scratch.
     */
    public Outcome confirmed(Request request, String browserSessionHash) {
        Optional<IdTokenHints.Hint> hint = hints.verify(request.idTokenHint());
        if (request.clientId() != null && hint.isPresent() && !hint.get().clientId().equals(request.clientId())) {
            return new Outcome.Refused("invalid_request", "client_id is not the audience of id_token_hint");
        }
        URI redirect = redirect(request, client(request, hint));
        live(browserSessionHash).ifPresent(s -> end(s, "end_session_confirmed"));
        return new Outcome.SignedOut(redirect);
    }

    /** Whether the browser's session cookie, if any, names a browser session that is still live. */
    private Optional<BrowserSession> live(String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return browserSessions.find(hash)
                .filter(b -> b.expiresAt().isAfter(now))
                .filter(b -> sessions.find(b.sessionId()).map(s -> s.isActive(now)).orElse(false));
    }

    /**
     * Revokes the login session first, through the revocation log (gateways refuse its tokens at once, and every
     * client with a back-channel logout URI is told), then forgets the browser session: should the second step
     * fail, the browser session is dead anyway, since it lives only as long as its login session.
     */
    private void end(BrowserSession session, String cause) {
        revocations.revokeSession(session.sessionId(), session.subject(), "user:" + session.subject(), cause);
        browserSessions.delete(session.idHash());
    }

    private Optional<OAuthClient> client(Request request, Optional<IdTokenHints.Hint> hint) {
        String clientId = hint.map(IdTokenHints.Hint::clientId).orElse(request.clientId());
        return clientId == null ? Optional.empty() : clients.find(clientId);
    }

    /**
     * RP-Initiated Logout 3: only a URI registered for the known client, compared as an exact string (no
     * normalisation of case, port, path or encoding); nothing at all without a client.
     */
    private static URI redirect(Request request, Optional<OAuthClient> client) {
        String asked = request.postLogoutRedirectUri();
        if (asked == null || client.isEmpty()) {
            return null;
        }
        boolean registered = client.get().browser().postLogoutRedirectUris().stream()
                .anyMatch(u -> u.toString().equals(asked));
        if (!registered) {
            return null;
        }
        if (request.state() == null) {
            return URI.create(asked);
        }
        String separator = asked.contains("?") ? "&" : "?";
        return URI.create(asked + separator + "state=" + URLEncoder.encode(request.state(), StandardCharsets.UTF_8));
    }
}

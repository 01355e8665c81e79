package dev.gatehouse.server.browser;

import dev.gatehouse.core.token.IdTokenHints;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.OIDCError;
import dev.gatehouse.core.authorize.AuthorizationCodes;
import dev.gatehouse.core.authorize.AuthorizationRequest;
import dev.gatehouse.core.authorize.AuthorizationRequests;
import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.browser.BrowserSessions;
import dev.gatehouse.core.client.BrowserSignIn;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.consent.Consent;
import dev.gatehouse.core.consent.ConsentStore;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserStore;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.pages.Csrf;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Views;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization code flow after validation, one decision at a time (OpenID Connect Core 3.1.2.3 - 3.1.2.6):
 * who is signed in (the browser session, or the sign-in page), whether the user allowed this client (or the consent
 * page), then a code sent back to the client.
 */
final class AuthorizationFlow {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationFlow.class);

    private final AuthorizationRequests requests;
    private final BrowserSessions browserSessions;
    private final ClientStore clients;
    private final UserStore users;
    private final ConsentStore consents;
    private final AuthorizationCodes codes;
    private final IdTokenHints hints;
    private final AuthorizationResponses responses;
    private final Pages pages;
    private final Clock clock;

    AuthorizationFlow(AuthorizationRequests requests, BrowserSessions browserSessions, ClientStore clients,
                      UserStore users, ConsentStore consents, AuthorizationCodes codes, IdTokenHints hints,
                      AuthorizationResponses responses, Pages pages, Clock clock) {
        this.requests = requests;
        this.browserSessions = browserSessions;
        this.clients = clients;
        this.users = users;
        this.consents = consents;
        this.codes = codes;
        this.hints = hints;
        this.responses = responses;
        this.pages = pages;
        this.clock = clock;
    }

    /** What just happened on a page, so that it is not asked for again. */
    enum Step { ARRIVED, SIGNED_IN, CONSENTED }

    /**
     * Answers a validated request: the sign-in page, the consent page, a code or an error for the client.
     *
     * @param session the browser session (just started, or found from the cookie); empty for none
     * @param handle  the pending request's handle once it has one; null on arrival
     */
    void proceed(Context ctx, OAuthClient client, AuthorizationRequest request, Optional<BrowserSession> session,
                 Step step, String handle) {
        try {
            decide(ctx, client, request, session, step, handle);
        } catch (OAuthException e) {
            LOG.debug("authorization refused for client {}: {}", client.clientId(), LogText.printable(e.detail()));
            finish(handle);
            responses.error(ctx, request.redirectUri(), request.responseMode(), e.error(), request.state());
        }
    }

    private void decide(Context ctx, OAuthClient client, AuthorizationRequest request, Optional<BrowserSession> session,
                        Step step, String handle) {
        String hinted = request.idTokenHint() == null ? null : hints.verify(request.idTokenHint())
                .map(IdTokenHints.Hint::subject)
                .orElseThrow(() -> OAuthException.invalidRequest("id_token_hint is not an ID token issued here"));
        Optional<User> user = session.flatMap(s -> users.findById(s.subject())).filter(u -> !u.disabled());
        if (step == Step.ARRIVED && mustSignIn(request, session, user, hinted)) {
            if (request.prompts("none")) {
                throw new OAuthException(OIDCError.LOGIN_REQUIRED, "prompt=none without a usable browser session");
            }
            signInPage(ctx, client, request, handle, 200, request.loginHint(), null);
            return;
        }
        if (user.isEmpty()) {
            // the browser session ended between the page and its post
            signInPage(ctx, client, request, handle, 200, request.loginHint(), null);
            return;
        }
        BrowserSession browser = session.orElseThrow();
        if (step != Step.CONSENTED && needsConsent(client, request, user.get())) {
            if (request.prompts("none")) {
                throw new OAuthException(OIDCError.CONSENT_REQUIRED, "prompt=none and consent is needed");
            }
            // one token for the binding and the form: a browser without the cookie gets a new one once
            String csrf = Csrf.token(ctx);
            String pending = handle != null ? handle : requests.hold(request, csrf);
            pages.consent(ctx, request.uiLocales(), new Views.Consent(pending, csrf, client.name(),
                    user.get().username(), request.scopes()), request.redirectUri());
            return;
        }
        Scope granted = Entitlements.entitled(new Scope(request.scopes().toArray(String[]::new)), user.get().roles());
        String code = codes.issue(client.clientId(), request.redirectUriSent() ? request.redirectUri() : null,
                user.get().id(), browser.sessionId(), new LinkedHashSet<>(granted.toStringList()), Set.of(),
                request.nonce(), request.codeChallenge(), browser.authTime());
        finish(handle);
        responses.code(ctx, request.redirectUri(), request.responseMode(), code, request.state());
    }

    /** OpenID Connect Core 3.1.2.1 and 3.1.2.3: no session, prompt=login, max_age passed, or a hint for someone else. */
    private boolean mustSignIn(AuthorizationRequest request, Optional<BrowserSession> session, Optional<User> user,
                               String hinted) {
        if (session.isEmpty() || user.isEmpty() || request.prompts("login")) {
            return true;
        }
        if (request.maxAge() != null) {
            Instant authTime = session.get().authTime();
            // max_age=0 is prompt=login; otherwise the sign-in must be at most max_age seconds old
            if (request.maxAge() == 0 || clock.instant().isAfter(authTime.plusSeconds(request.maxAge()))) {
                return true;
            }
        }
        return hinted != null && !hinted.equals(session.get().subject());
    }

    private boolean needsConsent(OAuthClient client, AuthorizationRequest request, User user) {
        if (client.browser().consent() != BrowserSignIn.Consent.ASK) {
            return false;
        }
        if (request.prompts("consent")) {
            return true;
        }
        return consents.find(user.id(), client.clientId())
                .map(c -> !c.covers(Set.copyOf(request.scopes())))
                .orElse(true);
    }

    /** Shows the sign-in page for the request, holding it under a handle when it has none yet. */
    void signInPage(Context ctx, OAuthClient client, AuthorizationRequest request, String handle, int status,
                    String username, String error) {
        String csrf = Csrf.token(ctx);
        String pending = handle != null ? handle : requests.hold(request, csrf);
        pages.signIn(ctx, status, request.uiLocales(), new Views.SignIn(pending, csrf, client.name(), username, error),
                request.redirectUri());
    }

    /** Remembers what the user allowed: the scopes of this request and any allowed before (per client). */
    void rememberConsent(String subject, OAuthClient client, AuthorizationRequest request) {
        Set<String> scopes = new LinkedHashSet<>(request.scopes());
        consents.find(subject, client.clientId()).ifPresent(c -> scopes.addAll(c.scopes()));
        consents.save(new Consent(subject, client.clientId(), scopes, clock.instant()));
    }

    /** The client of a pending request, still registered. */
    Optional<OAuthClient> client(AuthorizationRequest request) {
        return clients.find(request.clientId());
    }

    Optional<BrowserSession> currentSession(Context ctx) {
        return browserSessions.current(SessionCookie.read(ctx));
    }

    void deny(Context ctx, AuthorizationRequest request, String handle) {
        finish(handle);
        responses.error(ctx, request.redirectUri(), request.responseMode(),
                new ErrorObject("access_denied", "The user denied the request", 403), request.state());
    }

    private void finish(String handle) {
        if (handle != null) {
            requests.release(handle);
        }
    }

    static Map<String, List<String>> parameters(Map<String, List<String>> raw) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        // RFC 6749 3.1: a parameter sent without a value is treated as omitted
        raw.forEach((name, values) -> {
            List<String> present = values.stream().filter(v -> v != null && !v.isEmpty()).toList();
            if (!present.isEmpty()) {
                params.put(name, present);
            }
        });
        return params;
    }
}

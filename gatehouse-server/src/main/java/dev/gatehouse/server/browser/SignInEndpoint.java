package dev.gatehouse.server.browser;

import dev.gatehouse.core.authorize.AuthorizationRequest;
import dev.gatehouse.core.authorize.AuthorizationRequests;
import dev.gatehouse.core.browser.BrowserSessions;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.login.PasswordAuthenticator;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.ops.ClientAddress;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.pages.Csrf;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Views;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in page's form: the password checked as at the login API (same hashing, throttle and counters, per
 * account and address), then a new browser session and the flow goes on.
 */
final class SignInEndpoint {
    static final String CREDENTIALS = "signin.error.credentials";
    static final String THROTTLED = "signin.error.throttled";
    static final String UNAVAILABLE = "signin.error.unavailable";
    private static final Logger LOG = LoggerFactory.getLogger(SignInEndpoint.class);

    private final AuthorizationRequests requests;
    private final AuthorizationFlow flow;
    private final PasswordAuthenticator passwords;
    private final BrowserSessions browserSessions;
    private final Pages pages;
    private final Clock clock;

    SignInEndpoint(AuthorizationRequests requests, AuthorizationFlow flow, PasswordAuthenticator passwords,
                   BrowserSessions browserSessions, Pages pages, Clock clock) {
        this.requests = requests;
        this.flow = flow;
        this.passwords = passwords;
        this.browserSessions = browserSessions;
        this.pages = pages;
        this.clock = clock;
    }

    void handle(Context ctx) {
        if (!Csrf.verify(ctx)) {
            csrfFailed(pages, ctx);
            return;
        }
        String handle = ctx.formParam("request");
        String username = ctx.formParam("username");
        try {
            signIn(ctx, handle, username);
        } catch (StoreUnavailableException e) {
            LOG.warn("sign-in unavailable: {}", LogText.printable(e.getMessage()));
            ctx.header("Retry-After", StoreUnavailableException.retryAfterHeader());
            pages.signIn(ctx, 503, null, new Views.SignIn(handle == null ? "" : handle, Csrf.token(ctx), "",
                    username, UNAVAILABLE), null);
        }
    }

    private void signIn(Context ctx, String handle, String username) {
        Optional<AuthorizationRequest> pending = requests.pending(handle, ctx.cookie(Csrf.COOKIE));
        Optional<OAuthClient> client = pending.flatMap(flow::client);
        if (client.isEmpty()) {
            expired(pages, ctx);
            return;
        }
        AuthorizationRequest request = pending.get();
        User user;
        try {
            user = passwords.authenticate(username, ctx.formParam("password"), client.get().clientId(),
                    ClientAddress.of(ctx));
        } catch (OAuthException e) {
            if (e.retryAfter() != null) {
                ctx.header("Retry-After", e.retryAfterHeader());
                flow.signInPage(ctx, client.get(), request, handle, 429, username, THROTTLED);
            } else {
                // unknown user, disabled user and wrong password look the same (no account enumeration)
                flow.signInPage(ctx, client.get(), request, handle, 200, username, CREDENTIALS);
            }
            return;
        }
        // a sign-in always gets a new browser session id (session fixation); whatever the browser had ends
        browserSessions.end(SessionCookie.read(ctx));
        BrowserSessions.Started started;
        try {
            started = browserSessions.start(user, client.get(), ClientAddress.of(ctx), ctx.userAgent());
        } catch (OAuthException e) {
            LOG.info("sign-in refused: {}", LogText.printable(e.detail()));
            flow.signInPage(ctx, client.get(), request, handle, 200, username, CREDENTIALS);
            return;
        }
        SessionCookie.set(ctx, started.cookieValue(), Duration.between(clock.instant(), started.session().expiresAt()));
        flow.proceed(ctx, client.get(), request, Optional.of(started.session()), AuthorizationFlow.Step.SIGNED_IN, handle);
    }

    static void csrfFailed(Pages pages, Context ctx) {
        pages.error(ctx, 403, null, new Views.Error("csrf",
                "This form has expired or did not come from this site. Go back to the application and try again."));
    }

    static void expired(Pages pages, Context ctx) {
        pages.error(ctx, 400, null, new Views.Error("invalid_request",
                "This sign-in has expired or was already completed. Go back to the application and try again."));
    }
}

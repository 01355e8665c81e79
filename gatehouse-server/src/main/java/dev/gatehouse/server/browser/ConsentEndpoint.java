package dev.gatehouse.server.browser;

import dev.gatehouse.core.authorize.AuthorizationRequest;
import dev.gatehouse.core.authorize.AuthorizationRequests;
import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.server.pages.Csrf;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Views;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The consent page's form: allow remembers the answer for this client and these scopes and goes on; deny answers
 * {@code access_denied} to the client's registered redirect URI.
 */
final class ConsentEndpoint {
    private final AuthorizationRequests requests;
    private final AuthorizationFlow flow;
    private final Pages pages;

    ConsentEndpoint(AuthorizationRequests requests, AuthorizationFlow flow, Pages pages) {
        this.requests = requests;
        this.flow = flow;
        this.pages = pages;
    }

    void handle(Context ctx) {
        if (!Csrf.verify(ctx)) {
            SignInEndpoint.csrfFailed(pages, ctx);
            return;
        }
        String handle = ctx.formParam("request");
        Optional<AuthorizationRequest> pending = requests.pending(handle, ctx.cookie(Csrf.COOKIE));
        Optional<OAuthClient> client = pending.flatMap(flow::client);
        if (client.isEmpty()) {
            SignInEndpoint.expired(pages, ctx);
            return;
        }
        AuthorizationRequest request = pending.get();
        Optional<BrowserSession> session = flow.currentSession(ctx);
        if (session.isEmpty()) {
            // signed out (or expired) while the consent page was shown: sign in again
            flow.signInPage(ctx, client.get(), request, handle, 200, request.loginHint(), null);
            return;
        }
        String decision = ctx.formParam("decision");
        if ("allow".equals(decision)) {
            flow.rememberConsent(session.get().subject(), client.get(), request);
            flow.proceed(ctx, client.get(), request, session, AuthorizationFlow.Step.CONSENTED, handle);
        } else if ("deny".equals(decision)) {
            flow.deny(ctx, request, handle);
        } else {
            pages.error(ctx, 400, request.uiLocales(), new Views.Error("invalid_request", "Choose allow or deny."));
        }
    }
}

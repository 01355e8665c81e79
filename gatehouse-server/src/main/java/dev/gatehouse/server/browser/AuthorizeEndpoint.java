package dev.gatehouse.server.browser;

import dev.gatehouse.core.authorize.AuthorizationRequest;
import dev.gatehouse.core.authorize.AuthorizationRequests;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Views;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization endpoint (RFC 6749 3.1, OpenID Connect Core 3.1.2.1), GET or form POST: who is asking and
 * where to answer (else an error page), the rest of the request (else an error to the client), then the flow.
 */
final class AuthorizeEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizeEndpoint.class);

    private final AuthorizationRequests requests;
    private final AuthorizationFlow flow;
    private final AuthorizationResponses responses;
    private final Pages pages;

    AuthorizeEndpoint(AuthorizationRequests requests, AuthorizationFlow flow, AuthorizationResponses responses,
                      Pages pages) {
        this.requests = requests;
        this.flow = flow;
        this.responses = responses;
        this.pages = pages;
    }

    void handle(Context ctx) {
        Map<String, List<String>> raw = ctx.method().name().equals("GET") ? ctx.queryParamMap() : formParams(ctx);
        if (raw == null) {
            return;
        }
        Map<String, List<String>> params = AuthorizationFlow.parameters(raw);
        AuthorizationRequests.Incoming incoming;
        try {
            incoming = requests.incoming(params);
        } catch (OAuthException e) {
            LOG.info("authorization request refused without redirect: {}", LogText.printable(e.detail()));
            BrowserPages.error(pages, ctx, e);
            return;
        }
        AuthorizationRequest request;
        try {
            request = requests.validate(incoming);
        } catch (OAuthException e) {
            LOG.debug("authorization request of {} refused: {}", incoming.client().clientId(), LogText.printable(e.detail()));
            responses.error(ctx, incoming.redirectUri(), incoming.errorMode(), e.error(), incoming.state());
            return;
        }
        flow.proceed(ctx, incoming.client(), request, flow.currentSession(ctx), AuthorizationFlow.Step.ARRIVED, null);
    }

    private Map<String, List<String>> formParams(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            pages.error(ctx, 400, null, new Views.Error("invalid_request",
                    "An authorization request by POST must be a form (application/x-www-form-urlencoded)."));
            return null;
        }
        return ctx.formParamMap();
    }
}

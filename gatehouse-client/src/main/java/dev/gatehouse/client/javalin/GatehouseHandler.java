package dev.gatehouse.client.javalin;

import dev.gatehouse.client.AccessPolicy;
import dev.gatehouse.client.Decision;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.client.servlet.UnreadBody;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Collections;
import java.util.Objects;

/**
 * A Javalin before-handler that guards routes with a {@link Gate} and an {@link AccessPolicy}:
 * {@code config.routes.before("/orders/*", new GatehouseHandler(gate, policy))}. An allowed request continues with
 * the {@link VerifiedAccessToken} in {@code ctx.attribute(VerifiedAccessToken.REQUEST_ATTRIBUTE)}; a refused one
 * gets the gate's status, {@code WWW-Authenticate} challenge, {@code Retry-After} for 503 and a JSON body, and no
 * further handler runs.
 */
public final class GatehouseHandler implements Handler {
    private final Gate gate;
    private final AccessPolicy policy;

    public GatehouseHandler(Gate gate, AccessPolicy policy) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void handle(Context ctx) {
        switch (gate.checkHeaders(Collections.list(ctx.req().getHeaders("Authorization")), policy)) {
            case Decision.Allowed allowed -> ctx.attribute(VerifiedAccessToken.REQUEST_ATTRIBUTE, allowed.token());
            case Decision.Denied denied -> {
                UnreadBody.drain(ctx.req(), UnreadBody.REFUSAL_LIMIT);
                ctx.status(denied.status());
                denied.headers().forEach(ctx::header);
                ctx.contentType("application/json");
                ctx.result(denied.jsonBody());
                ctx.skipRemainingHandlers();
            }
        }
    }
}

package dev.gatehouse.server.oauth;

import dev.gatehouse.client.Bearer;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Reads a bearer token from a request's Authorization header, by the same rules as {@link Bearer} for every gate. */
public final class BearerToken {
    private BearerToken() {}

    /**
     * The token, or empty when the request carries no bearer credentials.
     *
     * @throws ProblemException 400 with an invalid_request challenge when the request has more than one
     *                          Authorization header ({@link Bearer#ambiguous})
     */
    public static Optional<String> from(Context ctx) {
        List<String> values = values(ctx);
        if (Bearer.ambiguous(values)) {
            throw ProblemException.badRequest(Bearer.MORE_THAN_ONE)
                    .header("WWW-Authenticate", "Bearer realm=\"gatehouse\", error=\"invalid_request\"");
        }
        return Bearer.token(values.isEmpty() ? null : values.getFirst());
    }

    /** Every Authorization header value of the request, in order. */
    static List<String> values(Context ctx) {
        return Collections.list(ctx.req().getHeaders("Authorization"));
    }
}

package dev.gatehouse.server.oauth;

import dev.gatehouse.client.Bearer;
import io.javalin.http.Context;
import java.util.Optional;

/** Reads a bearer token from a request's Authorization header, as {@link Bearer} does for every gate. */
public final class BearerToken {
    private BearerToken() {}

    /** The token, or empty when the request carries no bearer credentials. */
    public static Optional<String> from(Context ctx) {
        return Bearer.token(ctx.header("Authorization"));
    }
}

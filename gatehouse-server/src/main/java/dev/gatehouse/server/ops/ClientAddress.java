package dev.gatehouse.server.ops;

import io.javalin.http.Context;

/**
 * The client address the issuer records and throttles by. It is the TCP peer, or, when that peer is a
 * trusted proxy, the client the proxy forwarded for (see dev.gatehouse.http.tls.TransportConnectors, which rewrites
 * the request before it reaches Javalin). Forwarding headers from anyone else never change it.
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(Context ctx) {
        return ctx.req().getRemoteAddr();
    }
}

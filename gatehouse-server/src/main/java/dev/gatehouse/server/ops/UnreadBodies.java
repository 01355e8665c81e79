package dev.gatehouse.server.ops;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads whatever a handler left unread of a request body before the answer goes out. A handler that refuses
 * a request early (no token, wrong content type, no such path) would otherwise answer while the client is
 * still sending; Jetty then closes the connection under the client's feet, and a client whose unsent body
 * meets a closed socket may get a TCP reset instead of the answer (RFC 9112, section 9.6). Bodies within
 * the issuer's size limit are read and dropped, so the refusal arrives and the connection stays reusable;
 * a declared body over the limit is left alone (the answer is 413 and the connection closes).
 */
public final class UnreadBodies {
    private UnreadBodies() {}

    public static void register(JavalinConfig config, long maxBodyBytes) {
        config.routes.after(ctx -> drain(ctx, maxBodyBytes));
    }

    static void drain(Context ctx, long maxBodyBytes) {
        long declared = ctx.req().getContentLengthLong();
        String encoding = ctx.header("Transfer-Encoding");
        boolean chunked = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
        if ((declared <= 0 && !chunked) || declared > maxBodyBytes) {
            return;
        }
        byte[] buffer = new byte[8192];
        long read = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            for (int n; read <= maxBodyBytes && (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client broke off or framed its body wrongly; Jetty closes the connection, nothing to save
        }
    }
}

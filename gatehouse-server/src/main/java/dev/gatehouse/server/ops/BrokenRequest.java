package dev.gatehouse.server.ops;

import com.fasterxml.jackson.core.JacksonException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;

/**
 * Tells a request that failed in transit from a failure of the issuer: a body the client cut off, framed wrongly
 * (a bad chunk), sent too slowly, or a connection closed under the handler. Those are the client's doing: they are
 * answered with a 4xx where an answer can still go out, and logged in one debug line, never as an error.
 */
public final class BrokenRequest {
    private BrokenRequest() {}

    /**
     * Reads and drops what is left of the request body, up to {@code limit} bytes (see
     * {@link dev.gatehouse.client.servlet.UnreadBody}), after the handler: a body that turns out cut off or framed
     * wrongly throws here, so that the answer becomes that 400 even where the handler did not need the body.
     */
    public static void drain(Context ctx, long limit) throws IOException {
        HttpServletRequest request = ctx.req();
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if ((declared <= 0 && !chunked) || declared > limit) {
            return;
        }
        InputStream in;
        try {
            in = request.getInputStream();
        } catch (IllegalStateException takenAsReader) {
            return;
        }
        byte[] buffer = new byte[8192];
        long read = 0;
        for (int n; read <= limit && (n = in.read(buffer)) >= 0; ) {
            read += n;
        }
    }

    /** The status to answer {@code failure} with when it is a broken request, or empty when it is not one. */
    public static OptionalInt status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                int code = http.getCode();
                return OptionalInt.of(code >= 400 && code <= 499 ? code : 400);
            }
            if (t instanceof TimeoutException) {
                return OptionalInt.of(408);
            }
            // a JSON syntax error is an IOException too, but it is a bad body, answered where it is parsed
            if (t instanceof IOException && !(t instanceof JacksonException)) {
                return OptionalInt.of(400);
            }
        }
        return OptionalInt.empty();
    }
}

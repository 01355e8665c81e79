package dev.gatehouse.client.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads and drops what is left of a request body before a refusal goes out. A server that answers while the
 * client is still sending (no token, no such path, wrong content type) would otherwise close the connection
 * under the client's feet, and a client whose unsent body meets a closed socket may get a TCP reset instead of
 * the answer (RFC 9112, section 9.6). With the body read, the answer arrives and the connection stays usable.
 * A body declared larger than the limit is not waited for; the server then closes the connection as usual.
 */
public final class UnreadBody {
    /** What {@link GatehouseFilter} and the Javalin handler read before a refusal. */
    public static final int REFUSAL_LIMIT = 64 * 1024;

    private UnreadBody() {}

    /** Reads what is left of the body when its declared length (or a chunked one) is at most {@code limit} bytes. */
    public static void drain(HttpServletRequest request, long limit) {
        long declared = request.getContentLengthLong();
        String encoding = request.getHeader("Transfer-Encoding");
        boolean chunked = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
        if ((declared <= 0 && !chunked) || declared > limit) {
            return;
        }
        byte[] buffer = new byte[8192];
        long read = 0;
        try {
            InputStream in = request.getInputStream();
            for (int n; read <= limit && (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client broke off or framed its body wrongly, or the body was taken as a reader: nothing to save
        }
    }
}

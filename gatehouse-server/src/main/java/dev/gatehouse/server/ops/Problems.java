package dev.gatehouse.server.ops;

import dev.gatehouse.http.ProblemDetails;
import io.javalin.http.Context;
import java.util.Map;

/** Writes RFC 9457 problem details ({@link ProblemDetails}) as the answer of a Javalin request. */
public final class Problems {
    public static final String MEDIA_TYPE = ProblemDetails.MEDIA_TYPE;

    private Problems() {}

    public static void write(Context ctx, int status, String detail) {
        write(ctx, status, detail, Map.of());
    }

    /** @param extensions extra members (RFC 9457 3.2); they must not shadow the standard ones */
    public static void write(Context ctx, int status, String detail, Map<String, ?> extensions) {
        ctx.status(status)
                .contentType(MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .result(ProblemDetails.body(status, detail, extensions));
    }
}

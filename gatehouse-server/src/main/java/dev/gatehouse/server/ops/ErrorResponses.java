package dev.gatehouse.server.ops;

import dev.gatehouse.client.VerifierUnavailableException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.http.ProblemErrorHandler;
import dev.gatehouse.http.ProblemDetails;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer-wide error mapping: problems thrown by handlers, Javalin's and Jetty's own refusals (no such
 * route, body too large, malformed HTTP), a database that cannot be reached (503, retry later), and everything
 * unexpected. A failure nobody anticipated is logged with its stack trace under an incident id; the client sees
 * only that id.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final String CHARSET = "Unsupported charset in Content-Type";

    private ErrorResponses() {}

    static void register(JavalinConfig config) {
        config.routes.exception(ProblemException.class, ErrorResponses::problem);
        config.routes.exception(HttpResponseException.class, ErrorResponses::refused);
        config.routes.exception(StoreUnavailableException.class, (e, ctx) -> unavailable(ctx, e));
        config.routes.exception(VerifierUnavailableException.class, (e, ctx) -> unavailable(ctx, e));
        // a body the client broke off or framed wrongly is its error, not ours
        config.routes.exception(EofException.class, (e, ctx) -> unreadable(ctx, 400, "Request could not be read", e));
        config.routes.exception(BadMessageException.class, (e, ctx) -> unreadable(ctx, e.getCode(), "Malformed HTTP request", e));
        // thrown where the servlet API parses a Content-Type naming an unknown charset
        config.routes.exception(UnsupportedCharsetException.class, (e, ctx) -> unreadable(ctx, 415, CHARSET, e));
        config.routes.exception(IllegalCharsetNameException.class, (e, ctx) -> unreadable(ctx, 415, CHARSET, e));
        config.routes.exception(Exception.class, (e, ctx) -> {
            OptionalInt broken = BrokenRequest.status(e);
            if (broken.isPresent()) {
                unreadable(ctx, broken.getAsInt(), "Request could not be read", e);
                return;
            }
            unexpected(ctx.method() + " " + ctx.path(), e, incident -> Problems.write(ctx, 500, incidentDetail(incident)));
        });
        config.routes.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                Problems.write(ctx, 404, "No resource at this path");
            }
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
        config.router.javaLangErrorHandler((res, error) -> unexpected("request", error, incident -> raw(res, incident)));
    }

    private static void problem(ProblemException e, Context ctx) {
        e.headers().forEach(ctx::header);
        Problems.write(ctx, e.status(), e.detail(), e.extensions());
    }

    private static void unavailable(Context ctx, RuntimeException e) {
        LOG.warn("{} {}: unavailable: {}", ctx.method(), ctx.path(), LogText.printable(e.getMessage()));
        problem(ProblemException.unavailable(), ctx);
    }

    private static void refused(HttpResponseException e, Context ctx) {
        int status = e.getStatus() >= 400 && e.getStatus() <= 599 ? e.getStatus() : 500;
        String detail = switch (status) {
            case 404 -> e instanceof EndpointNotFound ? "No resource at this path" : "Not found";
            case 405 -> "Method not allowed at this path";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported content type";
            default -> null;
        };
        Problems.write(ctx, status, detail);
    }

    private static void unreadable(Context ctx, int status, String detail, Exception e) {
        LOG.debug("unreadable request {} {}: {}", ctx.method(), ctx.path(), LogText.printable(e.toString()));
        Problems.write(ctx, status >= 400 && status <= 499 ? status : 400, detail);
    }

    private interface IncidentResponse {
        void write(String incident) throws IOException;
    }

    private static void unexpected(String where, Throwable t, IncidentResponse response) {
        String incident = UUID.randomUUID().toString();
        LOG.error("unhandled failure in {}, incident {}", where, incident, t);
        try {
            response.write(incident);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the error response of incident {}: {}", incident, e.toString());
        }
    }

    private static String incidentDetail(String incident) {
        return "Internal error; incident " + incident;
    }

    private static void raw(HttpServletResponse res, String incident) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        res.setStatus(500);
        res.setContentType(Problems.MEDIA_TYPE);
        res.setHeader("Cache-Control", "no-store");
        res.getOutputStream().write(ProblemDetails.body(500, incidentDetail(incident), Map.of()).getBytes(StandardCharsets.UTF_8));
    }
}

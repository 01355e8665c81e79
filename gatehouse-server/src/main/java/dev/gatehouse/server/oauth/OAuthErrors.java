package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import dev.gatehouse.client.VerifierUnavailableException;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.server.ops.BrokenRequest;
import dev.gatehouse.server.ops.LogText;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error of the OAuth endpoints: RFC 6749 5.2 JSON with the error's status and
 * {@code Cache-Control: no-store}. The client sees only the standard error; the real reason is logged. While
 * the database cannot serve a request the answer is 503 {@code temporarily_unavailable} with {@code Retry-After}.
 */
final class OAuthErrors {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthErrors.class);
    private static final ErrorObject SERVER_ERROR = new ErrorObject("server_error", null, 500);
    private static final ErrorObject TEMPORARILY_UNAVAILABLE = new ErrorObject(
            OAuth2Error.TEMPORARILY_UNAVAILABLE.getCode(), "The service is temporarily unavailable; retry later", 503);

    private OAuthErrors() {}

    /** The handler, with every failure it throws answered here and never by a stack trace. */
    static Handler guard(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (OAuthException e) {
                write(ctx, e);
            } catch (ParseException e) {
                write(ctx, fromParse(e));
            } catch (StoreUnavailableException | VerifierUnavailableException e) {
                LOG.warn("{} {}: unavailable: {}", ctx.method(), ctx.path(), LogText.printable(e.getMessage()));
                ctx.header("Retry-After", StoreUnavailableException.retryAfterHeader());
                writeJson(ctx, TEMPORARILY_UNAVAILABLE);
            } catch (HttpResponseException e) {
                // Raised by the server itself, e.g. a body over the configured size limit (413).
                LOG.debug("{} {}: HTTP {} {}", ctx.method(), ctx.path(), e.getStatus(), e.getMessage());
                writeJson(ctx, new ErrorObject(OAuth2Error.INVALID_REQUEST.getCode(),
                        e.getStatus() == 413 ? "Request body too large" : "Invalid request", e.getStatus()));
            } catch (Exception e) {
                OptionalInt broken = BrokenRequest.status(e);
                if (broken.isPresent()) {
                    LOG.debug("{} {}: request not readable: {}", ctx.method(), ctx.path(), LogText.printable(e.toString()));
                    writeJson(ctx, new ErrorObject(OAuth2Error.INVALID_REQUEST.getCode(), "Request could not be read",
                            broken.getAsInt()));
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                writeJson(ctx, SERVER_ERROR);
            }
        };
    }

    /** A Nimbus parse failure carries the error to answer; one without is a malformed request. */
    static OAuthException fromParse(ParseException e) {
        ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
        return new OAuthException(error, e.getMessage());
    }

    static void write(Context ctx, OAuthException e) {
        ErrorObject error = e.error();
        if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
            LOG.info("{} {}: invalid_client: {}", ctx.method(), ctx.path(), LogText.printable(e.detail()));
            error = error.setHTTPStatusCode(401);
            // RFC 6749 5.2: a client that tried HTTP Basic is challenged to try again.
            if (triedBasic(ctx)) {
                ctx.header("WWW-Authenticate", "Basic realm=\"gatehouse\"");
            }
        } else if (e.retryAfter() != null) {
            LOG.info("{} {}: throttled: {}", ctx.method(), ctx.path(), LogText.printable(e.detail()));
            error = error.setHTTPStatusCode(429);
            ctx.header("Retry-After", e.retryAfterHeader());
        } else {
            LOG.debug("{} {}: {}: {}", ctx.method(), ctx.path(), error.getCode(), LogText.printable(e.detail()));
        }
        writeJson(ctx, error);
    }

    /** An error object as the response: its status (400 when it has none) and its JSON. */
    static void writeJson(Context ctx, ErrorObject error) {
        int status = error.getHTTPStatusCode() > 0 ? error.getHTTPStatusCode() : 400;
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.contentType("application/json");
        ctx.result(error.toJSONObject().toJSONString());
    }

    private static boolean triedBasic(Context ctx) {
        String authorization = ctx.header("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic", 0, 5);
    }
}

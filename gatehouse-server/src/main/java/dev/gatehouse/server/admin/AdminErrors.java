package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.BrokenRequest;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;
import dev.gatehouse.server.ops.Problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.gatehouse.client.VerifierUnavailableException;
import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.store.StoreUnavailableException;
import dev.gatehouse.core.user.LastAdminException;
import dev.gatehouse.core.validation.InvalidFieldException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where admin API failures become responses: RFC 9457 problem details, never a stack trace.
 * Core reports invalid input as {@link InvalidFieldException}, whose field is named in {@code errors}. Any
 * other exception, an IllegalArgumentException from a bug included, is a 500 whose message stays in the log.
 * The user's own API ({@code /api/v1/me}) answers through it too.
 */
public final class AdminErrors {
    private static final Logger LOG = LoggerFactory.getLogger(AdminErrors.class);
    /** Core's names for fields whose JSON name differs. */
    private static final Map<String, String> CORE_FIELDS = Map.of(
            "access_token_ttl", "access_token_ttl_seconds",
            "refresh_idle_ttl", "refresh_idle_ttl_seconds",
            "refresh_absolute_ttl", "refresh_absolute_ttl_seconds",
            "refresh_grace_period", "refresh_grace_period_seconds");

    private AdminErrors() {}

    public static void write(Context ctx, Exception failure) {
        ProblemException problem = toProblem(ctx, failure);
        problem.headers().forEach(ctx::header);
        Problems.write(ctx, problem.status(), problem.detail(), problem.extensions());
    }

    private static ProblemException toProblem(Context ctx, Exception failure) {
        return switch (failure) {
            case ProblemException p -> p;
            case DuplicateException d -> new ProblemException(409, d.getMessage());
            case LastAdminException l -> new ProblemException(409, l.getMessage());
            case InvalidFieldException e -> ProblemException.invalidField(CORE_FIELDS.getOrDefault(e.field(), e.field()), e.detail());
            case JsonProcessingException e -> fromJson(e);
            case HttpResponseException e -> new ProblemException(e.getStatus(), e.getMessage());
            case StoreUnavailableException e -> unavailable(ctx, e);
            case VerifierUnavailableException e -> unavailable(ctx, e);
            case Exception e when BrokenRequest.status(e).isPresent() -> {
                LOG.debug("admin request {} {} not readable: {}", ctx.method(), ctx.path(), LogText.printable(e.toString()));
                yield new ProblemException(BrokenRequest.status(e).getAsInt(), "Request could not be read");
            }
            default -> {
                LOG.error("admin request {} {} failed", ctx.method(), ctx.path(), failure);
                yield new ProblemException(500, "The request could not be completed.");
            }
        };
    }

    private static ProblemException unavailable(Context ctx, RuntimeException e) {
        LOG.warn("admin request {} {}: unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
        return ProblemException.unavailable();
    }

    private static ProblemException fromJson(JsonProcessingException e) {
        return switch (e) {
            case UnrecognizedPropertyException u -> ProblemException.invalidField(path(u), "unknown field");
            case MismatchedInputException m when m.getPath().isEmpty() -> ProblemException.badRequest("the body must be a JSON object");
            case MismatchedInputException m -> ProblemException.invalidField(path(m), "expected " + jsonType(m.getTargetType()));
            case StreamReadException s when s.getLocation() != null -> ProblemException.badRequest(
                    "malformed JSON at line " + s.getLocation().getLineNr() + ", column " + s.getLocation().getColumnNr());
            default -> ProblemException.badRequest("malformed JSON");
        };
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String jsonType(Class<?> type) {
        if (type == null || JsonNode.class.isAssignableFrom(type)) {
            return "another JSON value";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "an integer";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}

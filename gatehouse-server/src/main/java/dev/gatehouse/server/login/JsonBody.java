package dev.gatehouse.server.login;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object request body with strictly typed members: a member of the wrong JSON type, an unknown
 * member or a duplicate one is a 400, never a coercion. Javalin enforces the size limit (413) on read.
 */
final class JsonBody {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /** The body, which must be declared {@code application/json} (else 415) and hold one JSON object. */
    static JsonBody read(Context ctx, Set<String> members) {
        requireJson(ctx);
        return parse(ctx.bodyAsBytes(), members);
    }

    /** Like {@link #read}, but an empty body is allowed and yields nothing. */
    static Optional<JsonBody> readOptional(Context ctx, Set<String> members) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return Optional.empty();
        }
        requireJson(ctx);
        return Optional.of(parse(bytes, members));
    }

    /** A non-empty string; absent or null is a 400. */
    String requiredString(String name) {
        return optionalString(name)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> ProblemException.badRequest("Member '" + name + "' is required and must be a non-empty string"));
    }

    /** Absent or null yields nothing; any other type than string is a 400. */
    Optional<String> optionalString(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest("Member '" + name + "' must be a string");
        }
        return Optional.of(value.textValue());
    }

    Optional<Boolean> optionalBoolean(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ProblemException.badRequest("Member '" + name + "' must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    private static void requireJson(Context ctx) {
        // the raw header: the servlet API's parsed one throws on an unknown charset
        String type = ctx.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            // RFC 9110 12.5.1: Accept in a response names what the resource takes
            throw new ProblemException(415, "Request body must be application/json").header("Accept", "application/json");
        }
    }

    private static JsonBody parse(byte[] bytes, Set<String> members) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw ProblemException.badRequest("Request body is not well-formed JSON");
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("Request body could not be read");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ProblemException.badRequest("Request body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!members.contains(name)) {
                throw ProblemException.badRequest("Unknown member '" + truncate(name) + "'; allowed: "
                        + String.join(", ", members.stream().sorted().toList()));
            }
        }
        return new JsonBody(object);
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}

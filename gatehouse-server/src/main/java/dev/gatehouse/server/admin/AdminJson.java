package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * JSON of the admin API: snake_case names, ISO-8601 instants, and strict reading. A field of the wrong
 * type, an unknown field, a duplicate key or trailing content is an error, never silently coerced.
 * The user's own API ({@code /api/v1/me}) writes its answers with it too.
 */
public final class AdminJson {
    static final String CONTENT_TYPE = "application/json";
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfigDefaults(c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    private AdminJson() {}

    /** The request body as {@code type}; the body is required and must be declared as JSON. */
    static <T> T read(Context ctx, Class<T> type) throws JsonProcessingException {
        requireJson(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ProblemException.badRequest("a JSON request body is required");
        }
        return parse(body, type);
    }

    /** Like {@link #read}, for operations whose body may be left out altogether. */
    static <T> Optional<T> readOptional(Context ctx, Class<T> type) throws JsonProcessingException {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            return Optional.empty();
        }
        requireJson(ctx);
        return Optional.of(parse(body, type));
    }

    public static void write(Context ctx, int status, Object body) {
        write(ctx, status, CONTENT_TYPE, body);
    }

    static void write(Context ctx, int status, String contentType, Object body) {
        try {
            ctx.status(status).contentType(contentType).result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }

    /** A JSON document held as text (a client's JWK set), as a tree for embedding in a response. */
    static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(byte[] body, Class<T> type) throws JsonProcessingException {
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireJson(Context ctx) {
        String header = ctx.header("Content-Type");
        String mediaType = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(CONTENT_TYPE) && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
            throw ProblemException.unsupportedMediaType("request bodies must be sent as " + CONTENT_TYPE);
        }
    }
}

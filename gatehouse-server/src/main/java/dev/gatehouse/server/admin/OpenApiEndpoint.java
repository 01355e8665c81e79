package dev.gatehouse.server.admin;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI 3.1 description of the admin API, a hand-written resource served as it is. */
final class OpenApiEndpoint {
    static final String RESOURCE = "/openapi/admin.yaml";
    static final String CONTENT_TYPE = "application/yaml";

    private final byte[] document;

    OpenApiEndpoint() {
        try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(Context ctx, Admin unauthenticated) {
        ctx.status(200).contentType(CONTENT_TYPE).result(document);
    }
}

package dev.gatehouse.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Splits paths between the main listener and the management one: the management listener serves only its
 * paths, and the main listener no longer serves those meant for the management listener only (metrics).
 * Both answer any other path with a 404 problem, as for a path that does not exist.
 */
public final class ManagementPaths extends Handler.Wrapper {
    private static final byte[] NOT_FOUND = ProblemDetails.body(404, "No resource at this path", Map.of())
            .getBytes(StandardCharsets.UTF_8);

    private final Connector management;
    private final Predicate<String> servedThere;
    private final Predicate<String> onlyThere;

    public static ManagementPaths of(Connector management, Predicate<String> servedThere, Predicate<String> onlyThere) {
        return new ManagementPaths(management, servedThere, onlyThere);
    }

    private ManagementPaths(Connector management, Predicate<String> servedThere, Predicate<String> onlyThere) {
        this.management = management;
        this.servedThere = servedThere;
        this.onlyThere = onlyThere;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        boolean onManagement = request.getConnectionMetaData().getConnector() == management;
        if (onManagement ? !servedThere.test(path) : onlyThere.test(path)) {
            response.setStatus(404);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(NOT_FOUND), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}

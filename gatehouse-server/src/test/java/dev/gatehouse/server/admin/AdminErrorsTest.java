package dev.gatehouse.server.admin;

import static dev.gatehouse.server.admin.ProblemAssert.assertInvalidField;
import static dev.gatehouse.server.admin.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.validation.InvalidFieldException;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How {@link AdminErrors} answers each kind of failure, on a real server answering through it. */
class AdminErrorsTest {
    private static final String INTERNAL = "column roles of jdbc:postgresql://db.internal/prod is VARCHAR(4000)";

    private Javalin app;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AdminErrors.class);

    @BeforeEach
    void start() {
        log.start();
        logger.addAppender(log);
        app = Javalin.create(config -> {
            failing(config, "/bug", new IllegalArgumentException(INTERNAL));
            failing(config, "/invalid", new InvalidFieldException("roles", "at most 50 values, got 1000"));
            failing(config, "/core-name", new InvalidFieldException("refresh_idle_ttl", "must not exceed the absolute one"));
            failing(config, "/javalin", new BadRequestResponse("the request is malformed"));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        logger.detachAppender(log);
    }

    @Test
    void illegalArgumentFromABugIsA500WithoutItsMessageWhichIsLogged() throws Exception {
        HttpResponse<String> r = get("/bug");

        JsonNode problem = assertProblem(r, 500);
        assertThat(r.body()).doesNotContain(INTERNAL).doesNotContain("postgresql").doesNotContain("VARCHAR");
        assertThat(problem.path("detail").asText()).isEqualTo("The request could not be completed.");
        assertThat(problem.has("errors")).isFalse();
        assertThat(log.list).anySatisfy(e -> assertThat(e.getThrowableProxy().getMessage()).isEqualTo(INTERNAL));
    }

    @Test
    void invalidFieldIsA400NamingTheField() throws Exception {
        JsonNode problem = assertInvalidField(get("/invalid"), "roles");

        assertThat(problem.path("detail").asText()).isEqualTo("roles: at most 50 values, got 1000");
        assertThat(problem.path("errors").get(0).path("detail").asText()).isEqualTo("at most 50 values, got 1000");
        assertThat(log.list).isEmpty();
    }

    @Test
    void invalidFieldIsNamedAsTheApiNamesIt() throws Exception {
        assertInvalidField(get("/core-name"), "refresh_idle_ttl_seconds");
    }

    @Test
    void javalinBadRequestKeepsItsStatus() throws Exception {
        assertProblem(get("/javalin"), 400);
    }

    private static void failing(io.javalin.config.JavalinConfig config, String path, Exception failure) {
        config.routes.get(path, ctx -> AdminErrors.write(ctx, failure));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.gatehouse.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Assertions on RFC 9457 problem responses. */
final class ProblemAssert {
    private ProblemAssert() {}

    /** Asserts a problem details response with {@code status}; returns its body. */
    static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode body = AdminApi.json(response);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asText()).isNotEmpty();
        assertThat(body.path("title").asText()).isNotEmpty();
        assertThat(body.path("detail").asText()).isNotEmpty();
        return body;
    }

    /** Asserts a 400 problem whose {@code errors} name {@code field}. */
    static JsonNode assertInvalidField(HttpResponse<String> response, String field) {
        JsonNode body = assertProblem(response, 400);
        assertThat(fields(body)).contains(field);
        return body;
    }

    static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }
}

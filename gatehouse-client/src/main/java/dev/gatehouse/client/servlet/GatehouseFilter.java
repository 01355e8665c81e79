package dev.gatehouse.client.servlet;

import dev.gatehouse.client.AccessPolicy;
import dev.gatehouse.client.Decision;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.VerifiedAccessToken;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Guards servlets with a {@link Gate} and an {@link AccessPolicy}. An allowed request continues with the
 * {@link VerifiedAccessToken} in the request attribute {@value VerifiedAccessToken#REQUEST_ATTRIBUTE}; a refused
 * one ends here with the gate's status, {@code WWW-Authenticate} challenge, {@code Retry-After} for 503 and a JSON
 * body {@code {"error":..., "error_description":...}}.
 */
public final class GatehouseFilter implements Filter {
    private final Gate gate;
    private final AccessPolicy policy;

    public GatehouseFilter(Gate gate, AccessPolicy policy) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)) {
            throw new ServletException("GatehouseFilter guards HTTP requests only");
        }
        switch (gate.checkHeaders(Collections.list(http.getHeaders("Authorization")), policy)) {
            case Decision.Allowed allowed -> {
                http.setAttribute(VerifiedAccessToken.REQUEST_ATTRIBUTE, allowed.token());
                chain.doFilter(request, response);
            }
            case Decision.Denied denied -> {
                UnreadBody.drain(http, UnreadBody.REFUSAL_LIMIT);
                out.setStatus(denied.status());
                denied.headers().forEach(out::setHeader);
                out.setContentType("application/json");
                out.setCharacterEncoding(StandardCharsets.UTF_8.name());
                out.getWriter().write(denied.jsonBody());
            }
        }
    }
}

package dev.gatehouse.examples.spring;

import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The protected API: {@link GatehouseResourceServerConfig} lets only tokens with scope {@code orders.read} in. */
@RestController
public class OrdersController {
    @GetMapping("/orders")
    public Map<String, Object> orders(@AuthenticationPrincipal Jwt token) {
        return Map.of("subject", token.getSubject(), "orders", List.of());
    }
}

package dev.gatehouse.gateway;

import java.util.Map;

/**
 * Whether the gateway can vouch for tokens right now, as its health source reports it; served at
 * {@code /__gatehouse/health/ready}. The application decides what "ready" means (keys fetched, revocation feed
 * followed); the gateway only reports it.
 *
 * @param ready  false answers the readiness probe with 503
 * @param detail JSON-serialisable facts for operators (no secrets)
 */
public record GatewayHealth(boolean ready, Map<String, Object> detail) {
    public GatewayHealth {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static GatewayHealth ready(Map<String, Object> detail) {
        return new GatewayHealth(true, detail);
    }

    public static GatewayHealth notReady(Map<String, Object> detail) {
        return new GatewayHealth(false, detail);
    }
}

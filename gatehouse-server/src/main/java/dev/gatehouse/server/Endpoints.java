package dev.gatehouse.server;

/** Every path the issuer serves, in one place; discovery metadata is built from these. */
public final class Endpoints {
    public static final String TOKEN = "/oauth2/token";
    public static final String REVOCATION = "/oauth2/revoke";
    public static final String INTROSPECTION = "/oauth2/introspect";
    public static final String USERINFO = "/oauth2/userinfo";
    public static final String JWKS = "/oauth2/jwks";
    public static final String OIDC_DISCOVERY = "/.well-known/openid-configuration";
    public static final String AS_METADATA = "/.well-known/oauth-authorization-server";
    public static final String LOGIN = "/api/v1/login";
    public static final String LOGOUT = "/api/v1/logout";
    /** Forward authentication for reverse proxies; also {@code /api/v1/verify/{audience}/...}. */
    public static final String VERIFY = "/api/v1/verify";
    /** The revocation log as Server-Sent Events. */
    public static final String REVOCATION_FEED = "/api/v1/revocations/feed";
    public static final String ADMIN = "/admin/v1";
    public static final String OPENAPI = "/admin/v1/openapi.yaml";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String METRICS = "/metrics";

    private Endpoints() {}
}

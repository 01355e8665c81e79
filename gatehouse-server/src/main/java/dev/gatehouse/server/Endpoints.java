package dev.gatehouse.server;

/** Every path the issuer serves, in one place; discovery metadata is built from these. */
public final class Endpoints {
    public static final String TOKEN = "/oauth2/token";
    public static final String REVOCATION = "/oauth2/revoke";
    public static final String INTROSPECTION = "/oauth2/introspect";
    public static final String USERINFO = dev.gatehouse.core.config.TokenConfig.USERINFO_PATH;
    public static final String JWKS = "/oauth2/jwks";
    public static final String OIDC_DISCOVERY = "/.well-known/openid-configuration";
    public static final String AS_METADATA = "/.well-known/oauth-authorization-server";
    /** OpenID Connect authorization endpoint: GET or POST, answers the sign-in page or a redirect. */
    public static final String AUTHORIZE = "/oauth2/authorize";
    /** The sign-in page's form posts here. */
    public static final String AUTHORIZE_SIGN_IN = "/oauth2/authorize/sign-in";
    /** The consent page's form posts here. */
    public static final String AUTHORIZE_CONSENT = "/oauth2/authorize/consent";
    /** Pushed authorization requests (RFC 9126). */
    public static final String PAR = "/oauth2/par";
    /** OpenID Connect RP-Initiated Logout 1.0 end_session_endpoint. */
    public static final String END_SESSION = "/oauth2/logout";
    /** Stylesheet, logo and scripts of the hosted pages. */
    public static final String ASSETS = "/assets";
    /** A signed-in user's own consents: list, and revoke one by client id. */
    public static final String MY_CONSENTS = "/api/v1/me/consents";
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

package dev.gatehouse.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/** The verdict on one request to a protected resource, ready to be written as an HTTP answer. */
public sealed interface Decision {
    /** The token is valid and carries the rights: forward with {@link IdentityHeaders}. */
    record Allowed(VerifiedAccessToken token) implements Decision {}

    /**
     * Refused.
     *
     * @param status          400 (more than one Authorization header), 401, 403 or 503
     * @param error           the RFC 6750 error code, or null when the request carried no token at all
     * @param description     a sentence a client may see
     * @param wwwAuthenticate the challenge for the {@code WWW-Authenticate} header, or null (503)
     */
    record Denied(int status, String error, String description, String wwwAuthenticate) implements Decision {
        /**
         * The response headers of the refusal: {@code WWW-Authenticate} when there is a challenge,
         * {@code Retry-After: 1} for 503, and {@code Cache-Control: no-store} always.
         */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            if (wwwAuthenticate != null) {
                headers.put("WWW-Authenticate", wwwAuthenticate);
            }
            if (status == 503) {
                headers.put("Retry-After", "1");
            }
            headers.put("Cache-Control", "no-store");
            return headers;
        }

        /** The JSON body {@code {"error":..., "error_description":...}}, without {@code error} when no token was sent. */
        public String jsonBody() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (error != null) {
                body.put("error", error);
            }
            body.put("error_description", description);
            return JSONObjectUtils.toJSONString(body);
        }
    }
}

package dev.gatehouse.server.oauth;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.server.ops.ClientAddress;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form-encoded POST to a protocol endpoint, checked strictly before a Nimbus parser sees it: the
 * content type, well-formed encoding, no parameter twice, no oversized value, client credentials that
 * at least parse.
 *
 * @param http                 the request as Nimbus parsers take it
 * @param params               the decoded parameters with a value, each with its one value
 * @param clientAuthentication the client credentials the request carries, null when none
 */
record FormRequest(HTTPRequest http, Map<String, String> params, ClientAuthentication clientAuthentication) {
    /** Longer than any token, assertion or scope this issuer deals in. */
    static final int MAX_VALUE_LENGTH = 8192;

    /**
     * @param endpoint the public URL of the endpoint (the issuer's, not what a proxy forwarded)
     * @throws OAuthException invalid_request for a malformed request, invalid_client for unparseable
     *                        client credentials
     */
    static FormRequest read(Context ctx, URI endpoint) {
        String contentType = ctx.header("Content-Type");
        if (!isForm(contentType)) {
            throw OAuthException.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        // Form bodies are ASCII with UTF-8 percent-encoding (RFC 6749 B); a charset parameter changes nothing.
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = decode(body);
        HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
        try {
            http.setContentType(contentType);
        } catch (ParseException e) {
            throw OAuthException.invalidRequest("Malformed Content-Type");
        }
        String authorization = ctx.header("Authorization");
        int methods = (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6) ? 1 : 0)
                + (params.containsKey("client_secret") ? 1 : 0) + (params.containsKey("client_assertion") ? 1 : 0);
        // RFC 6749 2.3: a client must not use more than one authentication method in a request.
        if (methods > 1) {
            throw OAuthException.invalidRequest("More than one client authentication method");
        }
        http.setAuthorization(authorization);
        http.setBody(body);
        http.setClientIPAddress(ClientAddress.of(ctx));
        try {
            return new FormRequest(http, params, ClientAuthentication.parse(http));
        } catch (ParseException e) {
            // RFC 6749 5.2: credentials that cannot be read are a failed client authentication.
            throw OAuthException.invalidClient("unparseable client authentication: " + e.getMessage());
        }
    }

    String param(String name) {
        return params.get(name);
    }

    /** The parameters as Nimbus's parsers of decoded parameters take them. */
    Map<String, List<String>> multiValuedParams() {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    /** The client, by its credentials or, for a public client, by its {@code client_id} alone. */
    OAuthClient authenticate(ClientAuthenticator authenticator) {
        String clientId = param("client_id");
        return authenticator.authenticate(clientAuthentication, clientId == null ? null : new ClientID(clientId),
                http.getClientIPAddress());
    }

    /** The client by its credentials; a public client cannot call here. */
    OAuthClient authenticateConfidential(ClientAuthenticator authenticator) {
        if (clientAuthentication == null) {
            throw OAuthException.invalidClient("no client authentication");
        }
        return authenticate(authenticator);
    }

    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return ContentType.parse(contentType).matches(ContentType.APPLICATION_URLENCODED);
        } catch (java.text.ParseException e) {
            return false;
        }
    }

    static Map<String, String> decode(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodePart(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodePart(pair.substring(eq + 1));
            if (name.length() > 64 || value.length() > MAX_VALUE_LENGTH) {
                throw OAuthException.invalidRequest("Parameter too long");
            }
            // RFC 6749 3.1: a parameter without a value is treated as omitted.
            if (value.isEmpty()) {
                continue;
            }
            // RFC 6749 3.1 and 3.2: parameters must not be included more than once.
            if (params.putIfAbsent(name, value) != null) {
                throw OAuthException.invalidRequest("Parameter included more than once: " + name);
            }
        }
        return params;
    }

    private static String decodePart(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("Malformed form encoding");
        }
    }
}

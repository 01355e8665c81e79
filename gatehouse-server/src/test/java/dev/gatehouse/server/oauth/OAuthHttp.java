package dev.gatehouse.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.gatehouse.server.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** A plain HTTP client for the protocol endpoints, as any OAuth client would call them. */
final class OAuthHttp {
    static final String FORM = "application/x-www-form-urlencoded";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    OAuthHttp(URI base) {
        this.base = base;
    }

    /** A form POST; {@code headers} are name, value pairs. */
    HttpResponse<String> post(String path, String form, String... headers) {
        return send(request(path, headers).header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> postRaw(String path, HttpRequest.BodyPublisher body, String... headers) {
        return send(request(path, headers).POST(body));
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> method(String method, String path, String... headers) {
        return send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> token(String form, String... headers) {
        return post(Endpoints.TOKEN, form, headers);
    }

    /** client_credentials with client_secret_basic; fails the test unless it succeeds. */
    String clientCredentials(String clientId, String secret) {
        return accessToken(token(form("grant_type", "client_credentials"), "Authorization", basic(clientId, secret)));
    }

    /** A password grant; the response, whatever it is. */
    HttpResponse<String> password(String clientId, String secret, String username, String password, String scope) {
        String body = form("grant_type", "password", "username", username, "password", password, "scope", scope,
                "client_id", secret == null ? clientId : null);
        return secret == null ? token(body) : token(body, "Authorization", basic(clientId, secret));
    }

    HttpResponse<String> refresh(String clientId, String secret, String refreshToken) {
        String body = form("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", secret == null ? clientId : null);
        return secret == null ? token(body) : token(body, "Authorization", basic(clientId, secret));
    }

    HttpResponse<String> introspect(String clientId, String secret, String token) {
        return post(Endpoints.INTROSPECTION, form("token", token), "Authorization", basic(clientId, secret));
    }

    HttpResponse<String> revoke(String clientId, String secret, String token) {
        return secret == null
                ? post(Endpoints.REVOCATION, form("token", token, "client_id", clientId))
                : post(Endpoints.REVOCATION, form("token", token), "Authorization", basic(clientId, secret));
    }

    HttpResponse<String> userinfo(String accessToken) {
        return get(Endpoints.USERINFO, "Authorization", "Bearer " + accessToken);
    }

    /** Form-encodes name, value pairs, leaving out pairs whose value is null. */
    static String form(String... pairs) {
        StringJoiner joined = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                joined.add(encode(pairs[i]) + "=" + encode(pairs[i + 1]));
            }
        }
        return joined.toString();
    }

    /** A client_credentials form whose client authenticates with a fresh private_key_jwt assertion (RFC 7523 2.2). */
    static String privateKeyJwtClientCredentials(String clientId, URI tokenEndpoint, ECKey key) throws JOSEException {
        PrivateKeyJWT assertion = new PrivateKeyJWT(new ClientID(clientId), tokenEndpoint, JWSAlgorithm.ES256,
                key.toECPrivateKey(), key.getKeyID(), null);
        Map<String, List<String>> params = new HashMap<>(assertion.toParameters());
        params.put("grant_type", List.of("client_credentials"));
        return URLUtils.serializeParameters(params);
    }

    /** RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
    static String basic(String clientId, String secret) {
        String pair = encode(clientId) + ":" + encode(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return new LinkedHashMap<>(JSONObjectUtils.parse(response.body()));
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static String accessToken(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("token request failed: " + response.statusCode() + " " + response.body());
        }
        return (String) json(response).get("access_token");
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

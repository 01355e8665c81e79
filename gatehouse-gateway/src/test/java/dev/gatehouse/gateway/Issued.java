package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.JwtTokenVerifier;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.server.testing.TestIssuer;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Tokens from a real issuer, and a Gate that verifies them over the issuer's published JWKS with a denylist and
 * clock of its own.
 */
final class Issued {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final TestIssuer issuer;
    final Denylist denylist = new Denylist();
    /** The verifier's clock, separate from the issuer's so a test can make tokens look expired. */
    final MutableClock clock = MutableClock.startingNow();
    final Gate gate;

    Issued(TestIssuer issuer) throws IOException {
        this.issuer = issuer;
        JwtTokenVerifier verifier = JwtTokenVerifier.builder(issuer.baseUri().toString(),
                        JWKSourceBuilder.<SecurityContext>create(issuer.uri("/oauth2/jwks").toURL()).build())
                .denylist(denylist)
                .clock(clock)
                .build();
        this.gate = new Gate(verifier);
    }

    /** A client_credentials token for {@code clientId}, asking for {@code scope} (null: every registered scope). */
    String token(String clientId, String secret, String scope) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials"
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(issuer.uri("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
        }
        return (String) JSON.readValue(response.body(), Map.class).get("access_token");
    }
}

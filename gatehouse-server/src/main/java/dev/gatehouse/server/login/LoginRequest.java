package dev.gatehouse.server.login;

import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.server.ops.ProblemException;
import java.util.Set;

/**
 * A first-party login as the endpoint received it.
 *
 * @param clientId null when the request named none
 * @param scope    null when the request named none (the client's registered scopes apply)
 */
record LoginRequest(String username, String password, String clientId, Scope scope) {
    static final Set<String> MEMBERS = Set.of("username", "password", "client_id", "scope");

    static LoginRequest from(JsonBody body) {
        String clientId = body.optionalString("client_id").orElse(null);
        if (clientId != null && clientId.isBlank()) {
            throw ProblemException.badRequest("Member 'client_id' must not be blank");
        }
        return new LoginRequest(body.requiredString("username"), body.requiredString("password"), clientId,
                body.optionalString("scope").map(Scope::parse).orElse(null));
    }

    @Override
    public String toString() {
        return "LoginRequest[username=" + username + ", clientId=" + clientId + ", scope=" + scope + "]";
    }
}

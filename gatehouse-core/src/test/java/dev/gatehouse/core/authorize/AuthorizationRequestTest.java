package dev.gatehouse.core.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationRequestTest {
    @Test
    void aSerializedRequestReadsBackEqual() {
        AuthorizationRequest request = new AuthorizationRequest("web", URI.create("https://app.example/cb?x=a%20b"), true,
                ResponseMode.FORM_POST, List.of("openid", "profile"), "a b&c=d+e%f\u00e9\uD83D\uDE00", "n=1&2",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Set.of("login", "consent"), 0L, "hint.jwt.x",
                "alice@example.org", "de en", "urn:acr:1 urn:acr:2");

        assertThat(AuthorizationRequest.deserialize(request.serialize())).isEqualTo(request);
    }

    @Test
    void absentOptionalPartsReadBackAbsent() {
        AuthorizationRequest request = new AuthorizationRequest("spa", URI.create("https://spa.example/cb"), false,
                ResponseMode.QUERY, List.of("profile"), null, null, null, Set.of(), null, null, null, null, null);

        assertThat(AuthorizationRequest.deserialize(request.serialize())).isEqualTo(request);
    }
}

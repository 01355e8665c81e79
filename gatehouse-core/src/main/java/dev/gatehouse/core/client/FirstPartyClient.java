package dev.gatehouse.core.client;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The built-in public client behind the first-party JSON login endpoint and the admin command line. Its
 * tokens carry the issuer URL as audience, which is what the admin API accepts.
 */
public final class FirstPartyClient {
    public static final String CLIENT_ID = "gatehouse";
    public static final Set<String> SCOPES = Set.of("openid", "profile", "admin");

    private FirstPartyClient() {}

    public static OAuthClient registration(URI issuer, Instant now) {
        return new OAuthClient(CLIENT_ID, "Gatehouse first-party login", null, Set.of(ClientAuthenticationMethod.NONE),
                null, Set.of(GrantType.REFRESH_TOKEN), SCOPES, Set.of(issuer.toString()), Set.of(), List.of(),
                true, false, null, null, null, null, now);
    }
}

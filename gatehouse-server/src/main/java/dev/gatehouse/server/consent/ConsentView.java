package dev.gatehouse.server.consent;

import dev.gatehouse.core.client.ClientService;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.consent.Consent;
import java.time.Instant;
import java.util.List;

/**
 * A remembered consent as the user's API and the admin API show it.
 *
 * @param clientName absent when the client no longer exists
 */
public record ConsentView(String clientId, String clientName, List<String> scopes, Instant grantedAt) {

    /** The subject's consents in the store's order (by client id). */
    public record ConsentList(List<ConsentView> items) {
        public static ConsentList of(List<Consent> consents, ClientService clients) {
            return new ConsentList(consents.stream().map(c -> ConsentView.of(c, clients)).toList());
        }
    }

    public static ConsentView of(Consent consent, ClientService clients) {
        return new ConsentView(consent.clientId(), clients.find(consent.clientId()).map(OAuthClient::name).orElse(null),
                consent.scopes().stream().sorted().toList(), consent.grantedAt());
    }
}

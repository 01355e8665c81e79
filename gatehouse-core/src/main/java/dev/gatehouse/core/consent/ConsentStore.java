package dev.gatehouse.core.consent;

import java.util.List;
import java.util.Optional;

public interface ConsentStore {
    Optional<Consent> find(String subject, String clientId);

    /** Records the consent, replacing the subject's earlier one for the same client. */
    void save(Consent consent);

    /** The subject's consents, ordered by client id. */
    List<Consent> list(String subject);

    /** False when there was none. */
    boolean revoke(String subject, String clientId);
}

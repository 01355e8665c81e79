package dev.gatehouse.server.browser;

import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.authorize.AuthorizationCodeStore;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.store.Stores;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps issued authorization codes in memory, so a test can read what a code was bound to. */
final class RecordingAuthorizationCodeStore implements AuthorizationCodeStore {
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();

    @Override
    public void save(AuthorizationCode code) {
        codes.put(code.codeHash(), code);
    }

    @Override
    public int purgeExpired(Instant before) {
        return 0;
    }

    /** The record of the code the client received. */
    AuthorizationCode issued(String code) {
        AuthorizationCode stored = codes.get(Secrets.sha256(code));
        if (stored == null) {
            throw new AssertionError("no such code was issued");
        }
        return stored;
    }

    int count() {
        return codes.size();
    }

    /** The stores with this one for codes and {@code requests} wrapping the authorization request store. */
    Stores into(Stores s, java.util.function.UnaryOperator<dev.gatehouse.core.authorize.AuthorizationRequestStore> requests) {
        return new Stores(s.transactions(), s.users(), s.clients(), s.sessions(), s.refreshTokens(), s.signingKeys(),
                s.revocationLog(), s.audit(), s.usedAssertions(), this, requests.apply(s.authorizationRequests()),
                s.browserSessions(), s.consents(), s.backchannelLogouts());
    }
}

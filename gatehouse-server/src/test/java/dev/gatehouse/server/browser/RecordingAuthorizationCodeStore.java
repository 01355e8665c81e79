package dev.gatehouse.server.browser;

import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.authorize.AuthorizationCodeStore;
import dev.gatehouse.core.authorize.IssuedTokens;
import dev.gatehouse.core.authorize.Redemption;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.store.Stores;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The issuer's own code store, which also keeps every code it saves, so that a test can read what a code was
 * bound to and how many were issued.
 */
final class RecordingAuthorizationCodeStore implements AuthorizationCodeStore {
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private volatile AuthorizationCodeStore store;

    @Override
    public void save(AuthorizationCode code) {
        store.save(code);
        codes.put(code.codeHash(), code);
    }

    @Override
    public Optional<AuthorizationCode> find(String codeHash) {
        return store.find(codeHash);
    }

    @Override
    public Redemption redeem(String codeHash, Instant now) {
        return store.redeem(codeHash, now);
    }

    @Override
    public void recordIssued(String codeHash, IssuedTokens issued) {
        store.recordIssued(codeHash, issued);
    }

    @Override
    public int purgeExpired(Instant before) {
        return store.purgeExpired(before);
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
        store = s.authorizationCodes();
        return new Stores(s.transactions(), s.users(), s.clients(), s.sessions(), s.refreshTokens(), s.signingKeys(),
                s.revocationLog(), s.audit(), s.usedAssertions(), this, requests.apply(s.authorizationRequests()),
                s.browserSessions(), s.consents(), s.backchannelLogouts());
    }
}

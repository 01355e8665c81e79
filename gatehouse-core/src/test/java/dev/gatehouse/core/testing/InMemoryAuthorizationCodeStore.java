package dev.gatehouse.core.testing;

import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.authorize.AuthorizationCodeStore;
import dev.gatehouse.core.authorize.IssuedTokens;
import dev.gatehouse.core.authorize.Redemption;
import dev.gatehouse.core.store.DuplicateException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Authorization codes in a map, for tests: one node's view, redeemed under the store's lock. */
public final class InMemoryAuthorizationCodeStore implements AuthorizationCodeStore {
    private record Row(AuthorizationCode code, Instant redeemedAt, IssuedTokens issued) {}

    private final Map<String, Row> rows = new LinkedHashMap<>();

    @Override
    public synchronized void save(AuthorizationCode code) {
        if (rows.putIfAbsent(code.codeHash(), new Row(code, null, null)) != null) {
            throw new DuplicateException("authorization code taken");
        }
    }

    @Override
    public synchronized Optional<AuthorizationCode> find(String codeHash) {
        return Optional.ofNullable(rows.get(codeHash)).map(Row::code);
    }

    @Override
    public synchronized Redemption redeem(String codeHash, Instant now) {
        Row row = rows.get(codeHash);
        if (row == null) {
            return new Redemption.Unknown();
        }
        if (row.redeemedAt() != null) {
            return new Redemption.Replayed(row.code(), row.issued());
        }
        if (!now.isBefore(row.code().expiresAt())) {
            return new Redemption.Expired(row.code());
        }
        rows.put(codeHash, new Row(row.code(), now, null));
        return new Redemption.Redeemed(row.code());
    }

    @Override
    public synchronized void recordIssued(String codeHash, IssuedTokens issued) {
        rows.computeIfPresent(codeHash, (k, row) -> new Row(row.code(), row.redeemedAt(), issued));
    }

    @Override
    public synchronized int purgeExpired(Instant before) {
        int size = rows.size();
        rows.values().removeIf(row -> row.code().expiresAt().isBefore(before));
        return size - rows.size();
    }

    public synchronized int size() {
        return rows.size();
    }
}

package dev.gatehouse.core.testing;

import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.refresh.RotationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A refresh token store held in a map, for tests; one lock makes every call atomic, as the contract asks. */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
    /** A stored token with the state the domain record does not carry. */
    public record Row(RefreshToken token, Instant rotatedAt, Instant revokedAt, String successorHash,
                      String sealedSuccessor) {
        boolean live(Instant now) {
            return rotatedAt == null && revokedAt == null && now.isBefore(token.expiresAt());
        }
    }

    private final Map<String, Row> rows = new HashMap<>();

    @Override
    public synchronized void save(RefreshToken token) {
        rows.put(token.tokenHash(), new Row(token, null, null, null, null));
    }

    @Override
    public synchronized RotationResult rotate(String presentedHash, RefreshToken next, String sealedNext,
                                              Duration gracePeriod, Instant now) {
        Row row = rows.get(presentedHash);
        if (row == null) {
            return new RotationResult.Rejected("unknown refresh token");
        }
        if (row.live(now)) {
            rows.put(presentedHash, new Row(row.token(), now, null, next.tokenHash(), sealedNext));
            save(next);
            return new RotationResult.Rotated(row.token());
        }
        if (row.rotatedAt() != null) {
            Row successor = row.successorHash() == null ? null : rows.get(row.successorHash());
            if (row.sealedSuccessor() != null && now.isBefore(row.rotatedAt().plus(gracePeriod))
                    && successor != null && successor.live(now)) {
                return new RotationResult.Retried(row.token(), successor.token(), row.sealedSuccessor());
            }
            return new RotationResult.Reused(row.token());
        }
        return new RotationResult.Rejected(row.revokedAt() != null ? "refresh token revoked" : "refresh token expired");
    }

    @Override
    public synchronized Optional<RefreshToken> find(String tokenHash) {
        return Optional.ofNullable(rows.get(tokenHash)).map(Row::token);
    }

    @Override
    public synchronized Optional<RefreshToken> findActive(String tokenHash, Instant now) {
        return Optional.ofNullable(rows.get(tokenHash)).filter(r -> r.live(now)).map(Row::token);
    }

    /** The stored row, for tests that look at or change what the domain record does not carry. */
    public synchronized Row row(String tokenHash) {
        return rows.get(tokenHash);
    }

    public synchronized void replace(Row row) {
        rows.put(row.token().tokenHash(), row);
    }

    @Override
    public int revokeFamily(String familyId, Instant at) {
        return revokeWhere(t -> t.familyId().equals(familyId), at);
    }

    @Override
    public int revokeSession(String sessionId, Instant at) {
        return revokeWhere(t -> t.sessionId().equals(sessionId), at);
    }

    @Override
    public int revokeSubject(String subject, Instant at) {
        return revokeWhere(t -> t.subject().equals(subject), at);
    }

    @Override
    public int revokeClient(String clientId, Instant at) {
        return revokeWhere(t -> t.clientId().equals(clientId), at);
    }

    @Override
    public synchronized int purgeExpired(Instant before) {
        int before0 = rows.size();
        rows.values().removeIf(r -> r.token().expiresAt().isBefore(before));
        rows.replaceAll((hash, r) -> r.rotatedAt() != null && r.rotatedAt().isBefore(before)
                ? new Row(r.token(), r.rotatedAt(), r.revokedAt(), r.successorHash(), null) : r);
        return before0 - rows.size();
    }

    private synchronized int revokeWhere(Predicate<RefreshToken> matches, Instant at) {
        int revoked = 0;
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            if (matches.test(r.token()) && r.live(at)) {
                e.setValue(new Row(r.token(), null, at, r.successorHash(), r.sealedSuccessor()));
                revoked++;
            }
        }
        return revoked;
    }
}

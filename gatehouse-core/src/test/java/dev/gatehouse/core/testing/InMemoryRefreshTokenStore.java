package dev.gatehouse.core.testing;

import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.refresh.RotationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A refresh token store held in a map, for tests; one lock makes rotation atomic as the contract asks. */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
    /** A stored token with the state the domain record does not carry. */
    public record Entry(RefreshToken token, Instant rotatedAt, boolean revoked, String successorHash,
                        String sealedSuccessor) {
        boolean live(Instant now) {
            return rotatedAt == null && !revoked && now.isBefore(token.expiresAt());
        }
    }

    private final Map<String, Entry> tokens = new LinkedHashMap<>();

    @Override
    public synchronized void save(RefreshToken token) {
        tokens.put(token.tokenHash(), new Entry(token, null, false, null, null));
    }

    @Override
    public synchronized RotationResult rotate(String presentedHash, RefreshToken next, String sealedNext,
                                              Duration gracePeriod, Instant now) {
        Entry entry = tokens.get(presentedHash);
        if (entry == null) {
            return new RotationResult.Rejected("unknown");
        }
        if (entry.live(now)) {
            tokens.put(presentedHash, new Entry(entry.token(), now, false, next.tokenHash(), sealedNext));
            save(next);
            return new RotationResult.Rotated(entry.token());
        }
        if (entry.rotatedAt() != null) {
            Entry successor = tokens.get(entry.successorHash());
            if (entry.sealedSuccessor() != null && now.isBefore(entry.rotatedAt().plus(gracePeriod))
                    && successor != null && successor.live(now)) {
                return new RotationResult.Retried(entry.token(), successor.token(), entry.sealedSuccessor());
            }
            return new RotationResult.Reused(entry.token());
        }
        return new RotationResult.Rejected(entry.revoked() ? "revoked" : "expired");
    }

    @Override
    public synchronized Optional<RefreshToken> find(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash)).map(Entry::token);
    }

    @Override
    public synchronized Optional<RefreshToken> findActive(String tokenHash, Instant now) {
        return Optional.ofNullable(tokens.get(tokenHash)).filter(e -> e.live(now)).map(Entry::token);
    }

    /** The stored entry under the hash, for tests that look at or change what the domain record does not carry. */
    public synchronized Entry entry(String tokenHash) {
        return tokens.get(tokenHash);
    }

    public synchronized void replace(Entry entry) {
        tokens.put(entry.token().tokenHash(), entry);
    }

    /** Whether the token under the hash was revoked (for assertions). */
    public synchronized boolean isRevoked(String tokenHash) {
        Entry entry = tokens.get(tokenHash);
        return entry != null && entry.revoked();
    }

    @Override
    public synchronized int revokeFamily(String familyId, Instant at) {
        return revokeWhere(t -> t.familyId().equals(familyId), at);
    }

    @Override
    public synchronized int revokeSession(String sessionId, Instant at) {
        return revokeWhere(t -> t.sessionId().equals(sessionId), at);
    }

    @Override
    public synchronized int revokeSubject(String subject, Instant at) {
        return revokeWhere(t -> t.subject().equals(subject), at);
    }

    @Override
    public synchronized int revokeClient(String clientId, Instant at) {
        return revokeWhere(t -> t.clientId().equals(clientId), at);
    }

    @Override
    public synchronized int revokeSubjectAtClient(String subject, String clientId, Instant at) {
        return revokeWhere(t -> t.subject().equals(subject) && t.clientId().equals(clientId), at);
    }

    @Override
    public synchronized int purgeExpired(Instant before) {
        int size = tokens.size();
        tokens.values().removeIf(e -> e.token().expiresAt().isBefore(before));
        tokens.replaceAll((hash, e) -> e.rotatedAt() != null && e.rotatedAt().isBefore(before)
                ? new Entry(e.token(), e.rotatedAt(), e.revoked(), e.successorHash(), null) : e);
        return size - tokens.size();
    }

    /** Only live tokens are marked: rotated ones stay recognisable as such, so replaying them is still reuse. */
    private int revokeWhere(Predicate<RefreshToken> which, Instant at) {
        int[] revoked = new int[1];
        tokens.replaceAll((hash, e) -> {
            if (!e.live(at) || !which.test(e.token())) {
                return e;
            }
            revoked[0]++;
            return new Entry(e.token(), null, true, e.successorHash(), e.sealedSuccessor());
        });
        return revoked[0];
    }
}

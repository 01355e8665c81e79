package dev.gatehouse.core.testing;

import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.refresh.RotationResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A refresh token store held in a map, for tests; one lock makes rotation atomic as the contract asks. */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
    private record Entry(RefreshToken token, boolean rotated, boolean revoked) {}

    private final Map<String, Entry> tokens = new LinkedHashMap<>();

    @Override
    public synchronized void save(RefreshToken token) {
        tokens.put(token.tokenHash(), new Entry(token, false, false));
    }

    @Override
    public synchronized RotationResult rotate(String presentedHash, RefreshToken next, Instant now) {
        Entry entry = tokens.get(presentedHash);
        if (entry == null) {
            return new RotationResult.Rejected("unknown");
        }
        if (entry.revoked()) {
            return new RotationResult.Rejected("revoked");
        }
        if (entry.rotated()) {
            return new RotationResult.Reused(entry.token());
        }
        if (!now.isBefore(entry.token().expiresAt())) {
            return new RotationResult.Rejected("expired");
        }
        tokens.put(presentedHash, new Entry(entry.token(), true, false));
        tokens.put(next.tokenHash(), new Entry(next, false, false));
        return new RotationResult.Rotated(entry.token());
    }

    @Override
    public synchronized Optional<RefreshToken> find(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash)).map(Entry::token);
    }

    @Override
    public synchronized Optional<RefreshToken> findActive(String tokenHash, Instant now) {
        return Optional.ofNullable(tokens.get(tokenHash))
                .filter(e -> !e.rotated() && !e.revoked() && now.isBefore(e.token().expiresAt()))
                .map(Entry::token);
    }

    /** Whether the token under the hash was revoked (for assertions). */
    public synchronized boolean isRevoked(String tokenHash) {
        Entry entry = tokens.get(tokenHash);
        return entry != null && entry.revoked();
    }

    @Override
    public synchronized int revokeFamily(String familyId, Instant at) {
        return revokeWhere(t -> t.familyId().equals(familyId));
    }

    @Override
    public synchronized int revokeSession(String sessionId, Instant at) {
        return revokeWhere(t -> t.sessionId().equals(sessionId));
    }

    @Override
    public synchronized int revokeSubject(String subject, Instant at) {
        return revokeWhere(t -> t.subject().equals(subject));
    }

    @Override
    public synchronized int revokeClient(String clientId, Instant at) {
        return revokeWhere(t -> t.clientId().equals(clientId));
    }

    @Override
    public synchronized int purgeExpired(Instant before) {
        int size = tokens.size();
        tokens.values().removeIf(e -> e.token().expiresAt().isBefore(before));
        return size - tokens.size();
    }

    private int revokeWhere(Predicate<RefreshToken> which) {
        int[] live = new int[1];
        tokens.replaceAll((hash, e) -> {
            if (e.revoked() || !which.test(e.token())) {
                return e;
            }
            if (!e.rotated()) {
                live[0]++;
            }
            return new Entry(e.token(), e.rotated(), true);
        });
        return live[0];
    }
}

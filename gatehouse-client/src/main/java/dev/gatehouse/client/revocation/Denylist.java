package dev.gatehouse.client.revocation;

import dev.gatehouse.client.JwtTokenVerifier;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view of the revocation log that a verifier checks on every request. Entries are kept
 * until the tokens they match have expired (plus the largest clock skew), so memory is bounded by what was
 * revoked within one token lifetime, not by history.
 */
public final class Denylist {
    private record Entry(Instant issuedAt, Instant expiresAt) {}

    private final Map<String, Entry> jtis = new ConcurrentHashMap<>();
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Map<String, Entry> subjects = new ConcurrentHashMap<>();
    private final Map<String, Entry> clients = new ConcurrentHashMap<>();
    private volatile long lastSequence;

    public void apply(RevocationEvent event) {
        Map<String, Entry> map = switch (event.kind()) {
            case JTI -> jtis;
            case SESSION -> sessions;
            case SUBJECT_NOT_BEFORE -> subjects;
            case CLIENT -> clients;
        };
        // A later not-before cut-off covers an earlier one; keep the widest.
        map.merge(event.value(), new Entry(event.issuedAt(), event.expiresAt()),
                (a, b) -> new Entry(max(a.issuedAt, b.issuedAt), max(a.expiresAt, b.expiresAt)));
    }

    /**
     * Records that every event up to {@code sequence} has been applied. Only a follower reading the log
     * in order calls this: events applied out of order (the local node's own) do not move it.
     */
    public synchronized void advanceTo(long sequence) {
        if (sequence > lastSequence) {
            lastSequence = sequence;
        }
    }

    /**
     * Moves the follower's position back, keeping every entry: for an issuer whose log ends before the position
     * (its database was restored from a backup), so that the log is read again from there.
     */
    public synchronized void rewindTo(long sequence) {
        lastSequence = sequence;
    }

    /**
     * @param jti      the token's jti (nullable)
     * @param sid      the token's sid (nullable)
     * @param subject  the token's sub
     * @param clientId the token's client_id
     * @param issuedAt the token's iat
     */
    public boolean isRevoked(String jti, String sid, String subject, String clientId, Instant issuedAt) {
        if (jti != null && jtis.containsKey(jti)) {
            return true;
        }
        if (sid != null && sessions.containsKey(sid)) {
            return true;
        }
        return issuedBefore(subjects.get(subject), issuedAt) || issuedBefore(clients.get(clientId), issuedAt);
    }

    /** The latest not-before cut-off that applies to tokens of this subject or client, or null. */
    public Instant notBefore(String subject, String clientId) {
        Entry bySubject = subject == null ? null : subjects.get(subject);
        Entry byClient = clientId == null ? null : clients.get(clientId);
        if (bySubject == null) {
            return byClient == null ? null : byClient.issuedAt;
        }
        return byClient == null ? bySubject.issuedAt : max(bySubject.issuedAt, byClient.issuedAt);
    }

    /**
     * Forgets entries whose matching tokens have all expired, and expired long enough ago that no verifier takes
     * them any more: a verifier accepts a token up to its clock skew past {@code exp}, so an entry is kept for
     * {@link JwtTokenVerifier#MAX_CLOCK_SKEW} past its expiry. Returns how many were dropped.
     */
    public int purge(Instant now) {
        Instant cutoff = now.minus(JwtTokenVerifier.MAX_CLOCK_SKEW);
        int before = size();
        for (Map<String, Entry> map : new Map[] {jtis, sessions, subjects, clients}) {
            map.values().removeIf(e -> e.expiresAt.isBefore(cutoff));
        }
        return before - size();
    }

    public int size() {
        return jtis.size() + sessions.size() + subjects.size() + clients.size();
    }

    public long lastSequence() {
        return lastSequence;
    }

    private static boolean issuedBefore(Entry entry, Instant issuedAt) {
        // iat has second precision: a token issued in the same second as the cut-off is revoked too.
        return entry != null && (issuedAt == null || !issuedAt.isAfter(entry.issuedAt));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

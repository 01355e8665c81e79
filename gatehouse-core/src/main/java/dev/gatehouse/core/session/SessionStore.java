package dev.gatehouse.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface SessionStore {
    void create(Session session);

    Optional<Session> find(String id);

    /** Live (unrevoked, unexpired) sessions of a subject, newest first. */
    List<Session> listActive(String subject, Instant now);

    void touch(String id, Instant at);

    /** Marks the session revoked; false when absent or already revoked. */
    boolean revoke(String id, Instant at);

    /** Revokes every live session of the subject; returns the ids revoked. */
    List<String> revokeAll(String subject, Instant at);

    /** Revokes every live session at the client; returns the ids revoked. */
    List<String> revokeAllOfClient(String clientId, Instant at);
}

package dev.gatehouse.server.admin;

import dev.gatehouse.server.ops.ProblemException;

import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Live sessions of a user, and ending them; every revocation goes through {@link Revocations}. */
final class SessionsEndpoint {
    record SessionView(String id, String clientId, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                       String ipAddress, String userAgent) {
        static SessionView of(Session s) {
            return new SessionView(s.id(), s.clientId(), s.createdAt(), s.lastUsedAt(), s.expiresAt(), s.ipAddress(),
                    s.userAgent());
        }
    }

    record SessionList(List<SessionView> items) {}

    private final SessionStore sessions;
    private final Revocations revocations;
    private final UsersEndpoint users;
    private final Clock clock;

    SessionsEndpoint(SessionStore sessions, Revocations revocations, UsersEndpoint users, Clock clock) {
        this.sessions = sessions;
        this.revocations = revocations;
        this.users = users;
        this.clock = clock;
    }

    void listOfUser(Context ctx, Admin admin) {
        String subject = users.find(ctx.pathParam("id")).id();
        List<SessionView> live = sessions.listActive(subject, clock.instant()).stream().map(SessionView::of).toList();
        AdminJson.write(ctx, 200, new SessionList(live));
    }

    /** Ends every session of the user and every token issued to them until now. */
    void revokeAllOfUser(Context ctx, Admin admin) {
        String subject = users.find(ctx.pathParam("id")).id();
        revocations.revokeSubject(subject, admin.actor(), "admin_sessions_revoked");
        ctx.status(204);
    }

    /** Ends one session; revoking a session that already ended changes nothing. */
    void revoke(Context ctx, Admin admin) {
        String sid = ctx.pathParam("sid");
        Session session = sessions.find(sid).orElseThrow(() -> ProblemException.notFound("no session with id " + sid));
        if (session.revokedAt() == null) {
            revocations.revokeSession(sid, session.subject(), admin.actor(), "admin_session_revoked");
        }
        ctx.status(204);
    }
}

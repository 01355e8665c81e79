package dev.gatehouse.server.admin;

import dev.gatehouse.core.client.ClientService;
import dev.gatehouse.core.consent.Consent;
import dev.gatehouse.core.consent.Consents;
import dev.gatehouse.server.consent.ConsentView;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;

/**
 * A user's remembered consents as an administrator sees them: list, read one, revoke one or all. A revoked consent
 * is asked for again at the client's next authorization request, and the refresh tokens it granted stop working.
 */
final class ConsentsEndpoint {
    private final Consents consents;
    private final ClientService clients;
    private final UsersEndpoint users;

    ConsentsEndpoint(Consents consents, ClientService clients, UsersEndpoint users) {
        this.consents = consents;
        this.clients = clients;
        this.users = users;
    }

    void listOfUser(Context ctx, Admin admin) {
        String subject = users.find(ctx.pathParam("id")).id();
        AdminJson.write(ctx, 200, ConsentView.ConsentList.of(consents.list(subject), clients));
    }

    void getOfUser(Context ctx, Admin admin) {
        String subject = users.find(ctx.pathParam("id")).id();
        String clientId = ctx.pathParam("clientId");
        Consent consent = consents.list(subject).stream().filter(c -> c.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> notFound(clientId));
        AdminJson.write(ctx, 200, ConsentView.of(consent, clients));
    }

    void revokeOfUser(Context ctx, Admin admin) {
        String subject = users.find(ctx.pathParam("id")).id();
        String clientId = ctx.pathParam("clientId");
        if (!consents.revoke(subject, clientId, admin.actor())) {
            throw notFound(clientId);
        }
        ctx.status(204);
    }

    /** Revokes every consent of the user; a user without any gets 204 too. */
    void revokeAllOfUser(Context ctx, Admin admin) {
        String subject = users.find(ctx.pathParam("id")).id();
        for (Consent consent : consents.list(subject)) {
            consents.revoke(subject, consent.clientId(), admin.actor());
        }
        ctx.status(204);
    }

    private static ProblemException notFound(String clientId) {
        return ProblemException.notFound("the user has no consent for client " + LogText.printable(clientId));
    }
}

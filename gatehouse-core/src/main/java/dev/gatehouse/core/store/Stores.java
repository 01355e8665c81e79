package dev.gatehouse.core.store;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.authorize.AuthorizationCodeStore;
import dev.gatehouse.core.authorize.AuthorizationRequestStore;
import dev.gatehouse.core.browser.BrowserSessionStore;
import dev.gatehouse.core.consent.ConsentStore;
import dev.gatehouse.core.logout.BackchannelLogoutStore;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.UsedAssertionStore;
import dev.gatehouse.core.keys.SigningKeyStore;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.revocation.RevocationLog;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.user.UserStore;

/** Every store the issuer needs, from one engine. Built only by the composition root. */
public record Stores(
        Transactions transactions,
        UserStore users,
        ClientStore clients,
        SessionStore sessions,
        RefreshTokenStore refreshTokens,
        SigningKeyStore signingKeys,
        RevocationLog revocationLog,
        AuditLog audit,
        UsedAssertionStore usedAssertions,
        AuthorizationCodeStore authorizationCodes,
        AuthorizationRequestStore authorizationRequests,
        BrowserSessionStore browserSessions,
        ConsentStore consents,
        BackchannelLogoutStore backchannelLogouts) {
}

package dev.gatehouse.server;

import dev.gatehouse.core.audit.FailureAudit;
import dev.gatehouse.core.authorize.AuthorizationCodes;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.ClientSecrets;
import dev.gatehouse.core.client.ClientService;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.grant.AuthorizationCodeGrantHandler;
import dev.gatehouse.core.grant.ClientCredentialsGrantHandler;
import dev.gatehouse.core.grant.Grants;
import dev.gatehouse.core.grant.PasswordGrantHandler;
import dev.gatehouse.core.grant.RefreshTokenGrantHandler;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.login.InMemoryLoginThrottle;
import dev.gatehouse.core.login.PasswordAuthenticator;
import dev.gatehouse.core.logout.BackchannelLogouts;
import dev.gatehouse.core.logout.EndSession;
import dev.gatehouse.core.logout.LogoutTokens;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.RefreshTokens;
import dev.gatehouse.core.session.SessionTokens;
import dev.gatehouse.core.store.Stores;
import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.core.token.IdTokenHints;
import dev.gatehouse.core.token.TokenMinter;
import dev.gatehouse.core.user.PasswordHasher;
import dev.gatehouse.core.user.UserService;
import dev.gatehouse.server.logout.HttpLogoutTokenTransport;
import dev.gatehouse.server.pages.Pages;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The composition root of the issuer: the one place that decides which grants, stores and services it
 * runs with. Everything here is built once and is safe to share between request threads.
 */
public record IssuerServices(
        IssuerConfig config,
        Clock clock,
        Stores stores,
        PrometheusMeterRegistry registry,
        IssuerMetrics metrics,
        KeyRing keys,
        TokenMinter minter,
        TokenVerifier verifier,
        Denylist denylist,
        Revocations revocations,
        PasswordHasher passwordHasher,
        PasswordAuthenticator passwordAuthenticator,
        ClientAuthenticator clientAuthenticator,
        FailureAudit failureAudit,
        SessionTokens sessionTokens,
        RefreshTokens refreshTokens,
        Grants grants,
        UserService users,
        ClientService clients,
        AuthorizationCodes authorizationCodes,
        Pages pages,
        BackchannelLogouts backchannelLogouts,
        EndSession endSession) {

    public static IssuerServices wire(IssuerConfig config, Stores stores, PrometheusMeterRegistry registry,
                                      IssuerMetrics metrics, Clock clock) {
        var tokens = config.tokens();
        KeyRing keys = new KeyRing(stores.signingKeys(), config.keyEncryption(), tokens, clock);
        keys.start();
        Denylist denylist = new Denylist();
        TokenMinter minter = new TokenMinter(keys, tokens, clock, denylist);
        BackchannelLogouts backchannelLogouts = new BackchannelLogouts(stores.backchannelLogouts(), stores.sessions(),
                stores.clients(), new LogoutTokens(keys, tokens, clock),
                new HttpLogoutTokenTransport(config.backchannelLogout()), stores.audit(), metrics,
                config.backchannelLogout(), clock);
        Revocations revocations = new Revocations(stores.transactions(), stores.sessions(), stores.refreshTokens(),
                stores.revocationLog(), stores.audit(), denylist, tokens, metrics, clock, backchannelLogouts);
        revocations.catchUp();
        TokenVerifier verifier = revocations.failClosedWhenBehind(keys.verifier(denylist));
        PasswordHasher hasher = new PasswordHasher(config.passwords());
        PasswordAuthenticator passwords = new PasswordAuthenticator(stores.users(), hasher,
                new InMemoryLoginThrottle(config.throttle(), clock), stores.audit(), metrics, clock);
        URI issuer = tokens.issuer();
        FailureAudit failureAudit = new FailureAudit(stores.audit(), metrics, clock);
        ClientAuthenticator clientAuth = new ClientAuthenticator(stores.clients(), new ClientSecrets(hasher),
                stores.usedAssertions(), failureAudit, Set.of(
                issuer, URI.create(issuer + Endpoints.TOKEN), URI.create(issuer + Endpoints.REVOCATION),
                URI.create(issuer + Endpoints.INTROSPECTION), URI.create(issuer + Endpoints.PAR)), clock);
        SessionTokens sessionTokens = new SessionTokens(stores.transactions(), stores.users(), stores.sessions(),
                stores.refreshTokens(), minter, tokens, metrics, clock);
        RefreshTokens refreshTokens = new RefreshTokens(stores.refreshTokens(), stores.sessions(), stores.users(), clock);
        AuthorizationCodes authorizationCodes = new AuthorizationCodes(stores.authorizationCodes(), clock);
        Grants grants = new Grants(List.of(
                new AuthorizationCodeGrantHandler(stores.transactions(), authorizationCodes, sessionTokens,
                        stores.backchannelLogouts(), revocations, tokens, metrics),
                new ClientCredentialsGrantHandler(minter, tokens, metrics),
                new RefreshTokenGrantHandler(stores.transactions(), refreshTokens, stores.refreshTokens(),
                        stores.sessions(), sessionTokens, revocations, config.keyEncryption(), tokens, metrics, clock),
                new PasswordGrantHandler(passwords, sessionTokens)));
        UserService users = new UserService(stores.transactions(), stores.users(), hasher, revocations, stores.audit(), clock);
        ClientService clients = new ClientService(stores.transactions(), stores.clients(), revocations, tokens, stores.audit(), clock);
        FirstPartyClient.reconcile(stores.clients().find(FirstPartyClient.CLIENT_ID), issuer, clock.instant())
                .ifPresent(client -> clients.upsert(client, "system"));
        return new IssuerServices(config, clock, stores, registry, metrics, keys, minter, verifier, denylist,
                revocations, hasher, passwords, clientAuth, failureAudit, sessionTokens, refreshTokens, grants, users, clients,
                authorizationCodes, new Pages(config.pages()), backchannelLogouts,
                new EndSession(new IdTokenHints(keys, tokens), stores.clients(), stores.browserSessions(),
                        stores.sessions(), revocations, clock));
    }

    public URI issuer() {
        return config.tokens().issuer();
    }
}

package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.seconds;
import static dev.gatehouse.store.jdbc.Columns.setInstant;
import static dev.gatehouse.store.jdbc.Columns.setSeconds;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.core.client.BrowserSignIn;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.OAuthClient;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcClientStore implements ClientStore {
    private static final String COLUMNS = "client_id, name, secret_hash, auth_methods, jwks, grant_types, scopes, "
            + "audiences, roles, redirect_uris, first_party, introspection, access_token_ttl_seconds, "
            + "refresh_idle_ttl_seconds, refresh_absolute_ttl_seconds, refresh_grace_seconds, signing_algorithm, created_at, "
            + "post_logout_redirect_uris, backchannel_logout_uri, consent, require_par, require_pkce";

    private final JdbcTransactions db;

    JdbcClientStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void create(OAuthClient client) {
        db.call("create client " + client.clientId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO clients (name, secret_hash, auth_methods, "
                    + "jwks, grant_types, scopes, audiences, roles, redirect_uris, first_party, introspection, "
                    + "access_token_ttl_seconds, refresh_idle_ttl_seconds, refresh_absolute_ttl_seconds, "
                    + "refresh_grace_seconds, signing_algorithm, post_logout_redirect_uris, backchannel_logout_uri, "
                    + "consent, require_par, require_pkce, client_id, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int next = bindMutable(ps, client);
                ps.setString(next++, client.clientId());
                setInstant(ps, next, client.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean update(OAuthClient client) {
        return db.call("update client " + client.clientId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE clients SET name = ?, secret_hash = ?, "
                    + "auth_methods = ?, jwks = ?, grant_types = ?, scopes = ?, audiences = ?, roles = ?, "
                    + "redirect_uris = ?, first_party = ?, introspection = ?, access_token_ttl_seconds = ?, "
                    + "refresh_idle_ttl_seconds = ?, refresh_absolute_ttl_seconds = ?, refresh_grace_seconds = ?, "
                    + "signing_algorithm = ?, post_logout_redirect_uris = ?, backchannel_logout_uri = ?, consent = ?, "
                    + "require_par = ?, require_pkce = ? "
                    + "WHERE client_id = ?")) {
                int next = bindMutable(ps, client);
                ps.setString(next, client.clientId());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String clientId) {
        return db.call("delete client " + clientId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM clients WHERE client_id = ?")) {
                ps.setString(1, clientId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<OAuthClient> find(String clientId) {
        return db.call("find client", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM clients WHERE client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<OAuthClient>empty();
                }
            }
        });
    }

    /** Ordered by client id. */
    @Override
    public List<OAuthClient> list() {
        return db.call("list clients", c -> {
            List<OAuthClient> clients = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM clients ORDER BY client_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    clients.add(read(rs));
                }
            }
            return clients;
        });
    }

    /** Binds every column but client_id and created_at, from index 1; returns the next free index. */
    private static int bindMutable(PreparedStatement ps, OAuthClient client) throws SQLException {
        ps.setString(1, client.name());
        ps.setString(2, client.secretHash());
        ps.setString(3, Columns.words(client.authMethods(), ClientAuthenticationMethod::getValue));
        ps.setString(4, client.jwks());
        ps.setString(5, Columns.words(client.grantTypes(), GrantType::getValue));
        ps.setString(6, Columns.words(client.scopes()));
        ps.setString(7, Columns.words(client.audiences()));
        ps.setString(8, Columns.words(client.roles()));
        ps.setString(9, Columns.wordList(client.redirectUris().stream().map(URI::toString).toList()));
        ps.setBoolean(10, client.firstParty());
        ps.setBoolean(11, client.introspection());
        setSeconds(ps, 12, client.accessTokenTtl());
        setSeconds(ps, 13, client.refreshIdleTtl());
        setSeconds(ps, 14, client.refreshAbsoluteTtl());
        setSeconds(ps, 15, client.refreshGracePeriod());
        ps.setString(16, client.signingAlgorithm() == null ? null : client.signingAlgorithm().getName());
        BrowserSignIn browser = client.browser();
        ps.setString(17, Columns.wordList(browser.postLogoutRedirectUris().stream().map(URI::toString).toList()));
        ps.setString(18, browser.backchannelLogoutUri() == null ? null : browser.backchannelLogoutUri().toString());
        ps.setString(19, browser.consent().value());
        ps.setBoolean(20, browser.requirePushedAuthorizationRequests());
        ps.setBoolean(21, browser.requirePkce());
        return 22;
    }

    private static OAuthClient read(ResultSet rs) throws SQLException {
        String algorithm = rs.getString("signing_algorithm");
        String backchannel = rs.getString("backchannel_logout_uri");
        return new OAuthClient(
                rs.getString("client_id"),
                rs.getString("name"),
                rs.getString("secret_hash"),
                Columns.wordSet(rs.getString("auth_methods"), ClientAuthenticationMethod::parse),
                rs.getString("jwks"),
                Columns.wordSet(rs.getString("grant_types"), JdbcClientStore::grantType),
                Columns.wordSet(rs.getString("scopes")),
                Columns.wordSet(rs.getString("audiences")),
                Columns.wordSet(rs.getString("roles")),
                Columns.split(rs.getString("redirect_uris")).stream().map(URI::create).toList(),
                rs.getBoolean("first_party"),
                rs.getBoolean("introspection"),
                seconds(rs, "access_token_ttl_seconds"),
                seconds(rs, "refresh_idle_ttl_seconds"),
                seconds(rs, "refresh_absolute_ttl_seconds"),
                seconds(rs, "refresh_grace_seconds"),
                algorithm == null ? null : JWSAlgorithm.parse(algorithm),
                instant(rs, "created_at"),
                new BrowserSignIn(
                        Columns.split(rs.getString("post_logout_redirect_uris")).stream().map(URI::create).toList(),
                        backchannel == null ? null : URI.create(backchannel),
                        BrowserSignIn.Consent.parse(rs.getString("consent")),
                        rs.getBoolean("require_par"),
                        rs.getBoolean("require_pkce")));
    }

    private static GrantType grantType(String value) {
        try {
            return GrantType.parse(value);
        } catch (ParseException e) {
            throw new IllegalStateException("stored grant type cannot be parsed: " + value, e);
        }
    }
}

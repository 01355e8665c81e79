package dev.gatehouse.core.logout;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.testing.InMemoryBackchannelLogoutStore;
import dev.gatehouse.core.testing.InMemoryClientStore;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackchannelLogoutsTest {
    private static final URI WEB_URI = URI.create("https://web.example/backchannel");
    private static final URI SPA_URI = URI.create("https://spa.example/backchannel");
    private static final BackchannelLogoutConfig CONFIG = new BackchannelLogoutConfig(Duration.ofSeconds(5),
            Duration.ofSeconds(5), 3, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(1), 50);

    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final InMemoryClientStore clients = new InMemoryClientStore();
    private final InMemoryBackchannelLogoutStore store = new InMemoryBackchannelLogoutStore();
    private final RecordingTransport transport = new RecordingTransport();
    private final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final BackchannelLogouts logouts = new BackchannelLogouts(store, issuer.sessions, clients,
            new LogoutTokens(issuer.keys, InMemoryIssuer.CONFIG, issuer.clock), transport, issuer.audit,
            new IssuerMetrics() {
                @Override
                public void backchannelLogout(String outcome) {
                    outcomes.add(outcome);
                }
            }, CONFIG, issuer.clock);
    private final Revocations revocations = new Revocations(issuer.transactions, issuer.sessions,
            issuer.refreshTokenStore, issuer.revocationLog, issuer.audit, issuer.denylist, InMemoryIssuer.CONFIG,
            IssuerMetrics.NONE, issuer.clock, logouts);
    private final OAuthClient web = client(TestClients.publicClient("web").scope("openid").backchannelLogoutUri(WEB_URI.toString()));
    private final OAuthClient spa = client(TestClients.publicClient("spa").scope("openid").backchannelLogoutUri(SPA_URI.toString())
            .algorithm(JWSAlgorithm.EdDSA));
    private final OAuthClient silent = client(TestClients.publicClient("silent").scope("openid"));
    private final User alice = issuer.user("alice", "correct horse battery");

    private OAuthClient client(TestClients builder) {
        OAuthClient client = builder.build();
        clients.create(client);
        return client;
    }

    @Test
    void aRevokedSessionQueuesOneDeliveryForEachParticipantWithABackchannelLogoutUri() {
        String sid = login(web);
        store.recordParticipant(sid, "spa");
        store.recordParticipant(sid, "silent");
        store.recordParticipant(sid, "web");

        revocations.revokeSession(sid, alice.id(), "user:" + alice.id(), "logout");

        assertThat(store.all()).extracting(BackchannelDelivery::clientId, BackchannelDelivery::uri,
                BackchannelDelivery::sessionId, BackchannelDelivery::subject)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("web", WEB_URI, sid, alice.id()),
                        org.assertj.core.groups.Tuple.tuple("spa", SPA_URI, sid, alice.id()));
    }

    @Test
    void aSessionRevokedTwiceIsAnnouncedOnce() {
        String sid = login(web);

        revocations.revokeSession(sid, alice.id(), "admin", "admin_session_revoked");
        revocations.revokeSession(sid, alice.id(), "admin", "admin_session_revoked");

        assertThat(store.all()).hasSize(1);
    }

    @Test
    void everyPathThatEndsSessionsQueuesTheirDeliveries() {
        String bySubject1 = login(web);
        String bySubject2 = login(spa);
        revocations.revokeSubject(alice.id(), "admin", "password_changed");
        TokenResult reused = tokens(web);
        String byReuse = sid(reused);
        RefreshToken family = issuer.refreshTokenStore.find(Secrets.sha256(reused.refreshToken())).orElseThrow();
        revocations.revokeRefreshFamily(family, "client:web", "refresh_reuse_detected");
        String byClient = login(spa);
        revocations.revokeClient("spa", "admin", "client_deleted");

        assertThat(store.all()).extracting(BackchannelDelivery::sessionId)
                .containsExactlyInAnyOrder(bySubject1, bySubject2, byReuse, byClient);
    }

    @Test
    void aSessionOfAClientWithoutBackchannelLogoutQueuesNothing() {
        String sid = login(silent);

        revocations.revokeSession(sid, alice.id(), "admin", "admin_session_revoked");

        assertThat(store.all()).isEmpty();
    }

    @Test
    void aDeliveryPostsASignedLogoutTokenWithTheClaimsTheSpecificationNames() throws Exception {
        String sid = login(spa);
        revocations.revokeSession(sid, alice.id(), "admin", "admin_session_revoked");

        assertThat(logouts.deliverDue()).isOne();

        assertThat(transport.posts).singleElement().satisfies(post -> {
            assertThat(post.uri()).isEqualTo(SPA_URI);
            SignedJWT jwt = SignedJWT.parse(post.token());
            assertThat(jwt.getHeader().getType()).isEqualTo(LogoutTokens.LOGOUT_JWT);
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
            JWTClaimsSet claims = verified(post.token());
            assertThat(claims.getIssuer()).isEqualTo(InMemoryIssuer.CONFIG.issuer().toString());
            assertThat(claims.getAudience()).containsExactly("spa");
            assertThat(claims.getSubject()).isEqualTo(alice.id());
            assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getJSONObjectClaim("events")).isEqualTo(Map.of(LogoutTokens.EVENT, Map.of()));
            assertThat(claims.getClaims()).doesNotContainKey("nonce");
            assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofMinutes(2));
        });
        assertThat(store.all()).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo(BackchannelDelivery.State.DELIVERED));
        assertThat(outcomes).containsExactly(BackchannelLogouts.DELIVERED);
        assertThat(logouts.deliverDue()).isZero();
    }

    @Test
    void aFailedDeliveryIsRetriedAfterADelayThatDoubles() {
        String sid = login(web);
        revocations.revokeSession(sid, alice.id(), "admin", "admin_session_revoked");
        transport.answers.add(LogoutTokenTransport.Attempt.failed("answered 500"));
        transport.answers.add(LogoutTokenTransport.Attempt.failed("answered 500"));

        logouts.deliverDue();
        issuer.clock.advance(Duration.ofSeconds(29));
        assertThat(logouts.deliverDue()).isZero();
        issuer.clock.advance(Duration.ofSeconds(1));
        assertThat(logouts.deliverDue()).isOne();
        issuer.clock.advance(Duration.ofSeconds(59));
        assertThat(logouts.deliverDue()).isZero();
        issuer.clock.advance(Duration.ofSeconds(1));
        assertThat(logouts.deliverDue()).isOne();

        assertThat(transport.posts).hasSize(3);
        assertThat(store.all()).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo(BackchannelDelivery.State.DELIVERED));
        assertThat(outcomes).containsExactly(BackchannelLogouts.FAILED, BackchannelLogouts.FAILED, BackchannelLogouts.DELIVERED);
    }

    @Test
    void aDeliveryThatKeepsFailingIsGivenUpAfterTheLastAttemptWithAnAuditEvent() {
        String sid = login(web);
        revocations.revokeSession(sid, alice.id(), "admin", "admin_session_revoked");
        transport.alwaysFail = true;

        for (int i = 0; i < 10; i++) {
            logouts.deliverDue();
            issuer.clock.advance(Duration.ofHours(1));
        }

        assertThat(transport.posts).hasSize(CONFIG.maxAttempts());
        assertThat(store.all()).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(BackchannelDelivery.State.GIVEN_UP);
            assertThat(d.lastError()).isEqualTo("timed out");
        });
        assertThat(issuer.audit.events).filteredOn(e -> e.type().equals("backchannel_logout.given_up"))
                .singleElement().satisfies(e -> {
                    assertThat(e.clientId()).isEqualTo("web");
                    assertThat(e.details()).containsEntry("sid", sid).containsEntry("attempts", "3");
                });
        assertThat(outcomes).containsExactly(BackchannelLogouts.FAILED, BackchannelLogouts.FAILED, BackchannelLogouts.GIVEN_UP);
    }

    @Test
    void aDeliveryToAClientDeletedMeanwhileIsGivenUpWithoutPosting() {
        String sid = login(web);
        revocations.revokeSession(sid, alice.id(), "admin", "admin_session_revoked");
        clients.delete("web");

        logouts.deliverDue();

        assertThat(transport.posts).isEmpty();
        assertThat(store.all()).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo(BackchannelDelivery.State.GIVEN_UP));
    }

    /** The token's claims once its signature verifies with the issuer's published key of its kid. */
    private JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = issuer.keys.publicJwks().getKeyByKeyId(jwt.getHeader().getKeyID());
        JWSVerifier verifier = switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec);
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            default -> throw new AssertionError(key);
        };
        assertThat(jwt.verify(verifier)).isTrue();
        return jwt.getJWTClaimsSet();
    }

    private String login(OAuthClient client) {
        return sid(tokens(client));
    }

    private TokenResult tokens(OAuthClient client) {
        return issuer.sessionTokens.login(alice, client, Scope.parse("openid"), List.of(), InMemoryIssuer.ADDRESS,
                null, "test");
    }

    private static String sid(TokenResult result) {
        try {
            return SignedJWT.parse(result.idToken().value()).getJWTClaimsSet().getStringClaim("sid");
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private record Post(URI uri, String token) {}

    /** Answers from its queue of outcomes, then ok (or "timed out" while always failing); records every post. */
    private static final class RecordingTransport implements LogoutTokenTransport {
        final List<Post> posts = Collections.synchronizedList(new ArrayList<>());
        final Deque<Attempt> answers = new ArrayDeque<>();
        volatile boolean alwaysFail;

        @Override
        public synchronized Attempt post(URI uri, String logoutToken) {
            posts.add(new Post(uri, logoutToken));
            if (alwaysFail) {
                return Attempt.failed("timed out");
            }
            return answers.isEmpty() ? Attempt.ok() : answers.poll();
        }
    }
}

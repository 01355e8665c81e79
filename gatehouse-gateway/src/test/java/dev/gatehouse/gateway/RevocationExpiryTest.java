package dev.gatehouse.gateway;

import static org.awaitility.Awaitility.await;

import dev.gatehouse.client.JwtTokenVerifier;
import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.revocation.RevocationFeed;
import dev.gatehouse.client.revocation.RevocationFeedConfig;
import dev.gatehouse.client.testing.MutableClock;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory bounded by token lifetime: what a follower learns from a real issuer's feed is forgotten once every
 * token it could match has expired, and not before.
 */
class RevocationExpiryTest {
    @TempDir
    Path dir;

    @Test
    void aRevocationIsHeldUntilTheTokensItMatchesHaveExpiredThenForgotten() {
        try (TestIssuer issuer = TestIssuer.start(dir)) {
            String secret = issuer.register(TestClients.confidential("edge").scope("gatehouse.revocations").build());
            // the issuer's time, however long its start took: the steps below leave the follower only seconds of slack
            MutableClock followerClock = new MutableClock(issuer.clock().instant());
            Denylist denylist = new Denylist();
            try (RevocationFeed feed = RevocationFeed.start(RevocationFeedConfig.forIssuer(issuer.baseUri(), "edge", secret)
                    .withClock(followerClock).withPurgeEvery(Duration.ofMillis(50)), denylist)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> feed.status().lastContact() != null);

                issuer.services().revocations().revokeSubject("user-1", "test-admin", "test");
                await().atMost(Duration.ofSeconds(5)).until(() -> denylist.size() == 1);

                // a token issued just before the revocation may live this long: kept, through many purges
                followerClock.advance(issuer.config().tokens().maxAccessTokenTtl().minusSeconds(5));
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> denylist.size() == 1);

                // and, past that, for as long as a verifier with the largest clock skew still takes such a token
                followerClock.advance(Duration.ofSeconds(10).plus(JwtTokenVerifier.MAX_CLOCK_SKEW).minusSeconds(5));
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> denylist.size() == 1);

                followerClock.advance(Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(5)).until(() -> denylist.size() == 0);
            }
        }
    }
}

package dev.gatehouse.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.FailureAudit;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.user.User;
import dev.gatehouse.http.tls.TransportSecurity;
import dev.gatehouse.server.login.FirstPartyLogin;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused admin calls and failed client authentication are audit events carrying the address the issuer
 * believes (a trusted proxy's X-Forwarded-For here), admin changes carry it too, and a flood of refusals
 * records a bounded number of events and one summary.
 */
class RefusalAuditTest {
    private static final String CLIENT = "203.0.113.7";

    @TempDir
    Path dir;

    TestIssuer issuer;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir, TransportSecurity.behindProxies(List.of("127.0.0.1")));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void refusedAdminCallsAreAuditedWithStatusMethodPathAndAddress() {
        User reader = issuer.createUser("reader", "reader-password", Set.of("staff"));
        String readerToken = AdminApi.login(issuer, reader).accessToken().value();

        assertThat(send("GET", "/admin/v1/users", null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/admin/v1/users/u-1", "Bearer not.a.token", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/v1/keys/rotate", "Bearer " + readerToken, null).statusCode()).isEqualTo(403);

        assertThat(events("admin.refused")).extracting(AuditEvent::ipAddress, e -> e.details().get("status"),
                        e -> e.details().get("method"), e -> e.details().get("path"), AuditEvent::subject)
                .containsExactly(
                        tuple(CLIENT, "403", "POST", "/admin/v1/keys/rotate", reader.id()),
                        tuple(CLIENT, "401", "DELETE", "/admin/v1/users/u-1", null),
                        tuple(CLIENT, "401", "GET", "/admin/v1/users", null));
    }

    @Test
    void adminChangesCarryTheAdminsAddress() {
        AdminApi admin = AdminApi.asNewAdmin(issuer);

        HttpResponse<String> created = send("POST", "/admin/v1/users", "Bearer " + admin.token(),
                AdminApi.body("username", "bob", "password", "bob-password-1"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(events("user.created")).filteredOn(e -> e.actor().startsWith("admin:"))
                .extracting(AuditEvent::ipAddress).containsExactly(CLIENT);
    }

    @Test
    void failedClientAuthenticationIsAuditedWithTheClaimedClientReasonAndAddress() {
        issuer.register(TestClients.confidential("service").scope("orders:read").build());

        HttpResponse<String> wrong = FirstPartyLogin.send(HttpRequest.newBuilder(issuer.nodeUri().resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", basic("service", "wrong"))
                .header("X-Forwarded-For", CLIENT).POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(events(ClientAuthenticator.FAILED)).extracting(AuditEvent::clientId, AuditEvent::ipAddress,
                        e -> e.details().get("reason"))
                .containsExactly(tuple("service", CLIENT, "wrong_secret"));
    }

    @Test
    void aFloodOfRefusedCallsRecordsTheBoundAndOneSummaryOfTheRest() throws Exception {
        int callers = 64;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return send("GET", "/admin/v1/users", null, null).statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(401);
            }
        }

        assertThat(events("admin.refused")).hasSize(FailureAudit.PER_ADDRESS);
        assertThat(suppressedMetric()).isEqualTo(callers - FailureAudit.PER_ADDRESS);
        issuer.services().failureAudit().flush();
        assertThat(events(FailureAudit.SUPPRESSED)).isEmpty();

        issuer.clock().advance(FailureAudit.WINDOW);
        issuer.services().failureAudit().flush();
        issuer.services().failureAudit().flush();

        assertThat(events(FailureAudit.SUPPRESSED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("count", Integer.toString(callers - FailureAudit.PER_ADDRESS)));
    }

    /** A request as the trusted proxy forwards it for {@link #CLIENT}. */
    private HttpResponse<String> send(String method, String path, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(issuer.nodeUri().resolve(path)).header("X-Forwarded-For", CLIENT)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return FirstPartyLogin.send(request.build());
    }

    private List<AuditEvent> events(String type) {
        return issuer.services().stores().audit().query(new AuditQuery(null, null, null, type, 1000));
    }

    private double suppressedMetric() {
        return issuer.services().registry().get("gatehouse_audit_suppressed").counter().count();
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes());
    }
}

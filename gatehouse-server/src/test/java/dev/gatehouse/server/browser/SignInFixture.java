package dev.gatehouse.server.browser;

import dev.gatehouse.core.user.User;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real issuer with an administrator, relying parties registered through the admin API, and users made on
 * demand: what the browser sign-in tests share within a test class.
 */
final class SignInFixture implements AutoCloseable {
    private static final AtomicInteger USERS = new AtomicInteger();

    private final TestIssuer issuer;
    private final IssuerAdmin admin;
    private final List<TestRelyingParty> relyingParties = new ArrayList<>();

    /** A person who can sign in: the username and password typed into the page, and the issuer's user id. */
    record Person(String username, String password, String id) {}

    private SignInFixture(TestIssuer issuer) {
        this.issuer = issuer;
        this.admin = IssuerAdmin.create(issuer);
    }

    static SignInFixture start(Path dataDir) {
        return new SignInFixture(TestIssuer.start(dataDir));
    }

    TestIssuer issuer() {
        return issuer;
    }

    IssuerAdmin admin() {
        return admin;
    }

    /** Starts and registers a confidential code-flow client; consent {@code ask} (third party) or {@code skip}. */
    TestRelyingParty relyingParty(String clientId, String consent) {
        return relyingParty(clientId, consent, false);
    }

    TestRelyingParty relyingParty(String clientId, String consent, boolean requirePar) {
        TestRelyingParty rp = TestRelyingParty.start(issuer.baseUri(), clientId);
        relyingParties.add(rp);
        var registration = rp.registration(consent);
        if (requirePar) {
            registration.put("require_pushed_authorization_requests", true);
        }
        return rp.useSecret(admin.registerClient(registration));
    }

    /** A new user, so that nothing (consent, sessions, throttles) carries over from another test. */
    Person newPerson() {
        String username = "person" + USERS.incrementAndGet();
        String password = "correct horse " + username;
        User user = issuer.createUser(username, password, Set.of());
        return new Person(username, password, user.id());
    }

    /** Whether {@code uri} is a page of the issuer (same scheme, host and port). */
    boolean atIssuer(URI uri) {
        URI base = issuer.baseUri();
        return base.getScheme().equals(uri.getScheme()) && base.getHost().equals(uri.getHost())
                && base.getPort() == uri.getPort();
    }

    @Override
    public void close() {
        relyingParties.forEach(TestRelyingParty::close);
        issuer.close();
    }
}

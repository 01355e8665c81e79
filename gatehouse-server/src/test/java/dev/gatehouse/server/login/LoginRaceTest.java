package dev.gatehouse.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserStore;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an administrator does to a user while that user's login is between the password check and the new
 * session: the login must not outlive it. The steps are run one after the other, in the order a race would.
 */
class LoginRaceTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private TestIssuer issuer;
    private IssuerServices services;
    private User alice;
    private OAuthClient web;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        services = issuer.services();
        alice = issuer.createUser("alice", PASSWORD, Set.of("staff"));
        web = TestClients.publicClient("web").firstParty().build();
        issuer.register(web);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private User passwordChecked() {
        return services.passwordAuthenticator().authenticate("alice", PASSWORD, "web", "127.0.0.1");
    }

    private TokenResult startSession(User checked) {
        return services.sessionTokens().login(checked, web, new Scope(), List.of(), "127.0.0.1", "test", "login");
    }

    private void refusedAfter(Consumer<String> adminChange) {
        User checked = passwordChecked();
        adminChange.accept(alice.id());

        assertThatThrownBy(() -> startSession(checked)).isInstanceOf(OAuthException.class)
                .extracting(e -> ((OAuthException) e).error().getCode()).isEqualTo("invalid_grant");
        assertThat(services.stores().sessions().listActive(alice.id(), issuer.clock().instant())).isEmpty();
    }

    @Test
    void aPasswordChangedDuringTheLoginRefusesIt() {
        refusedAfter(id -> services.users().setPassword(id, "another long password", "admin"));
    }

    @Test
    void aUserDisabledDuringTheLoginIsRefused() {
        refusedAfter(id -> services.users().setDisabled(id, true, "admin"));
    }

    @Test
    void aUserDeletedDuringTheLoginIsRefused() {
        refusedAfter(id -> services.users().delete(id, "admin"));
    }

    @Test
    void rolesChangedDuringTheLoginAreTheOnesTheTokensCarry() throws Exception {
        User checked = passwordChecked();
        services.users().setRoles(alice.id(), Set.of(), "admin");
        issuer.clock().advance(Duration.ofSeconds(1)); // past the cut-off that revoked the tokens issued until then

        TokenResult tokens = startSession(checked);

        assertThat(services.verifier().verify(tokens.accessToken().value()).roles()).isEmpty();
    }

    @Test
    void aRehashReplacesOnlyTheHashAndOnlyWhileItIsUnchanged() {
        UserStore store = services.stores().users();
        User readByTheLogin = store.findById(alice.id()).orElseThrow();
        services.users().setRoles(alice.id(), Set.of("auditor"), "admin");

        assertThat(store.replacePasswordHash(alice.id(), readByTheLogin.passwordHash(), "rehashed", issuer.clock().instant()))
                .isTrue();
        User after = store.findById(alice.id()).orElseThrow();
        assertThat(after.roles()).containsExactly("auditor");
        assertThat(after.passwordHash()).isEqualTo("rehashed");
        assertThat(store.replacePasswordHash(alice.id(), readByTheLogin.passwordHash(), "again", issuer.clock().instant()))
                .isFalse();
    }
}

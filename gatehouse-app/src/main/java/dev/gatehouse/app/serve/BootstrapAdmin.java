package dev.gatehouse.app.serve;

import dev.gatehouse.app.config.BootstrapConfig;
import dev.gatehouse.app.provisioning.ProvisioningFile;
import dev.gatehouse.app.provisioning.ProvisioningPlan;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.user.UserService;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first administrator of an empty database. Without a configured password it generates one
 * and prints it once to standard output, never to the log.
 */
final class BootstrapAdmin {
    static final String ACTOR = "bootstrap";
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final BootstrapConfig config;
    private final UserService users;
    private final PrintWriter out;

    BootstrapAdmin(BootstrapConfig config, UserService users, PrintWriter out) {
        this.config = config;
        this.users = users;
        this.out = out;
    }

    /**
     * Runs only when the database had no users at start; {@code plan} is what provisioning just applied.
     */
    void run(Optional<ProvisioningPlan> plan) {
        if (config.adminPassword().isEmpty() && plan.map(p -> p.declaresUserWithRole(ProvisioningFile.ADMIN_ROLE))
                .orElse(false)) {
            LOG.info("the provisioning file declares an administrator; no bootstrap administrator created");
            return;
        }
        String username = config.adminUsername();
        if (plan.map(p -> p.users().stream().anyMatch(u -> u.username().equalsIgnoreCase(username))).orElse(false)) {
            LOG.info("user {} comes from the provisioning file; no bootstrap administrator created", username);
            return;
        }
        boolean generated = config.adminPassword().isEmpty();
        String password = config.adminPassword().orElseGet(() -> Secrets.randomBase64Url(18));
        users.create(username, password, Set.of(ProvisioningFile.ADMIN_ROLE), ACTOR);
        LOG.info("created the first administrator, {}", username);
        if (generated) {
            out.println();
            out.println("  The database had no users: created administrator \"" + username + "\".");
            out.println("  One-time password: " + password);
            out.println("  It is shown only now. Change it:");
            out.println("    ./gatehouse admin login --username " + username);
            out.println("    ./gatehouse admin users set-password " + username);
            out.println();
            out.flush();
        }
    }
}

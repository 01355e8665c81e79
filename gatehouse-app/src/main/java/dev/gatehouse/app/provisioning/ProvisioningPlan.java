package dev.gatehouse.app.provisioning;

import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.user.ProfilePatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A parsed and checked provisioning file, ready to apply. */
public record ProvisioningPlan(Path file, Set<String> roles, List<ClientEntry> clients, List<UserEntry> users) {

    /**
     * @param where  "clients[0] (orders)", for messages
     * @param client the registration without its secret hash
     */
    public record ClientEntry(String where, OAuthClient client, Optional<SecretSpec> secret) {}

    /** @param profile the profile claims the entry sets or (given as null) clears; the others are left alone */
    public record UserEntry(String where, String username, Set<String> roles, boolean disabled,
                            Optional<SecretSpec> password, ProfilePatch profile) {}

    public boolean declaresUserWithRole(String role) {
        return users.stream().anyMatch(u -> u.roles().contains(role));
    }
}

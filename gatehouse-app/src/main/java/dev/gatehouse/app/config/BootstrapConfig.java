package dev.gatehouse.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What is put into the database at start: the provisioning file (every start) and the first administrator
 * (only when the database has no users; without a password one is generated and printed once).
 */
public record BootstrapConfig(Optional<Path> provisioningFile, String adminUsername, Optional<String> adminPassword) {
    @Override
    public String toString() {
        return "BootstrapConfig[provisioningFile=" + provisioningFile.orElse(null) + ", adminUsername=" + adminUsername
                + ", adminPassword=" + (adminPassword.isPresent() ? "(hidden)" : "(generated)") + "]";
    }
}

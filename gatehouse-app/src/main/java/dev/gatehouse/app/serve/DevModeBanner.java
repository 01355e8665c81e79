package dev.gatehouse.app.serve;

import dev.gatehouse.app.config.KeyEncryptionKeys;

/** The warning a dev-mode start prints, so that nobody mistakes it for a production setup. */
final class DevModeBanner {
    private DevModeBanner() {}

    static String text(KeyEncryptionKeys.Resolved kek) {
        String rule = "#".repeat(78);
        return String.join("\n",
                "",
                rule,
                "#  DEV MODE -- NOT FOR PRODUCTION",
                "#",
                "#  Key-encryption key: " + kek.origin() + (kek.generated() ? " (generated now)" : ""),
                "#  Anyone who can read that file can decrypt this issuer's signing keys.",
                "#  In production set GATEHOUSE_KEY_ENCRYPTION_KEY (or _FILE) from a secret store",
                "#  and start without --dev / GATEHOUSE_DEV.",
                rule);
    }
}

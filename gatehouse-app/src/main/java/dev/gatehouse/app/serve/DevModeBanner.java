package dev.gatehouse.app.serve;

import dev.gatehouse.app.config.KeyEncryptionKeys;
import dev.gatehouse.app.config.TransportConfig;
import java.util.ArrayList;
import java.util.List;

/** The warning a dev-mode start prints, so that nobody mistakes it for a production setup. */
final class DevModeBanner {
    private DevModeBanner() {}

    static String text(KeyEncryptionKeys.Resolved kek, TransportConfig.Resolved transport) {
        String rule = "#".repeat(78);
        List<String> lines = new ArrayList<>(List.of(
                "",
                rule,
                "#  DEV MODE -- NOT FOR PRODUCTION",
                "#",
                "#  Key-encryption key: " + kek.origin() + (kek.generated() ? " (generated now)" : ""),
                "#  Anyone who can read that file can decrypt this issuer's signing keys.",
                "#  In production set GATEHOUSE_KEY_ENCRYPTION_KEY (or _FILE) from a secret store",
                "#  and start without --dev / GATEHOUSE_DEV.",
                "#"));
        if (transport.selfSigned().isPresent()) {
            var pem = transport.selfSigned().get();
            lines.add("#  HTTPS with a SELF-SIGNED certificate" + (pem.generated() ? " (generated now)" : "") + ": "
                    + pem.certificate());
            lines.add("#  Clients must be told to trust that file; nobody else vouches for it.");
        } else if (transport.security().plainFromAnyone()) {
            lines.add("#  Plain HTTP: tokens travel unencrypted. Outside dev mode set tls-certificate and");
            lines.add("#  tls-private-key, or trusted-proxies for a TLS-terminating proxy.");
        } else {
            lines.add("#  HTTPS: " + (transport.security().https() ? transport.security().tls().certificate()
                    : "behind trusted proxies " + transport.security().trustedProxies()));
        }
        lines.add(rule);
        return String.join("\n", lines);
    }
}

package dev.gatehouse.http.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a Gatehouse listener keeps tokens off clear-text connections. One of:
 * <ul>
 *   <li>TLS: HTTPS from a PEM certificate and key ({@code tls} set), reloaded when the files change;
 *       trusted proxies, if any, may also set forwarding headers;</li>
 *   <li>behind trusted proxies: plain HTTP accepted only from the listed TLS-terminating proxies, which
 *       alone may set {@code Forwarded}/{@code X-Forwarded-*}; everyone else gets 403;</li>
 *   <li>plain HTTP from anyone, for dev mode and tests only ({@link #plainHttp()}); the application refuses
 *       it outside dev mode.</li>
 * </ul>
 * HTTPS responses, and responses to trusted-proxy requests forwarded with proto https, carry HSTS.
 *
 * @param tls            the certificate files, null when this listener does not terminate TLS
 * @param trustedProxies peers whose forwarding headers are believed
 */
public record TransportSecurity(Tls tls, TrustedProxies trustedProxies, Hsts hsts) {
    public TransportSecurity {
        Objects.requireNonNull(trustedProxies, "trusted proxies");
        Objects.requireNonNull(hsts, "HSTS settings");
    }

    /**
     * @param reloadInterval how often the files are checked for a change
     */
    public record Tls(Path certificate, Path privateKey, Duration reloadInterval) {
        public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

        public Tls {
            Objects.requireNonNull(certificate, "TLS certificate file");
            Objects.requireNonNull(privateKey, "TLS private key file");
            if (reloadInterval == null || reloadInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("TLS reload interval: at least 1s, got " + reloadInterval);
            }
        }

        public Tls(Path certificate, Path privateKey) {
            this(certificate, privateKey, DEFAULT_RELOAD_INTERVAL);
        }
    }

    /** {@code Strict-Transport-Security: max-age=<maxAge seconds>[; includeSubDomains]}. */
    public record Hsts(Duration maxAge, boolean includeSubDomains) {
        public static final Hsts DEFAULT = new Hsts(Duration.ofDays(365), false);

        public Hsts {
            if (maxAge == null || maxAge.isNegative()) {
                throw new IllegalArgumentException("HSTS max-age: zero or more seconds, got " + maxAge);
            }
        }

        public String headerValue() {
            return "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "");
        }
    }

    /** Plain HTTP from anyone: dev mode and tests only. */
    public static TransportSecurity plainHttp() {
        return new TransportSecurity(null, TrustedProxies.none(), Hsts.DEFAULT);
    }

    public static TransportSecurity tls(Path certificate, Path privateKey) {
        return new TransportSecurity(new Tls(certificate, privateKey), TrustedProxies.none(), Hsts.DEFAULT);
    }

    /** @throws IllegalArgumentException naming an entry that is not an IP address, CIDR block or range */
    public static TransportSecurity behindProxies(List<String> trustedProxies) {
        TrustedProxies proxies = TrustedProxies.of(trustedProxies);
        if (proxies.isEmpty()) {
            throw new IllegalArgumentException("trusted proxies: at least one address");
        }
        return new TransportSecurity(null, proxies, Hsts.DEFAULT);
    }

    public TransportSecurity withHsts(Hsts hsts) {
        return new TransportSecurity(tls, trustedProxies, hsts);
    }

    public TransportSecurity withTrustedProxies(TrustedProxies proxies) {
        return new TransportSecurity(tls, proxies, hsts);
    }

    /** Whether the listener speaks HTTPS itself. */
    public boolean https() {
        return tls != null;
    }

    /** Plain HTTP from any peer, with no proxy in front: acceptable in dev mode only. */
    public boolean plainFromAnyone() {
        return tls == null && trustedProxies.isEmpty();
    }

    /** The scheme clients use: https unless this is the dev-mode plain listener. */
    public String publicScheme() {
        return plainFromAnyone() ? "http" : "https";
    }
}

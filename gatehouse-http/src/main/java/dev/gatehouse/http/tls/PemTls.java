package dev.gatehouse.http.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jetty server TLS context fed from a PEM certificate chain and a PEM private key. The files are checked
 * when loaded; {@link #watcher} re-reads them when they change, so that new connections get a renewed
 * certificate without a restart. A replacement that cannot be used is logged and the certificate in use kept.
 */
public final class PemTls {
    private static final Logger LOG = LoggerFactory.getLogger(PemTls.class);

    private final Path certificateFile;
    private final Path privateKeyFile;
    private final Clock clock;
    private final char[] storePassword;
    private final SslContextFactory.Server sslContextFactory;
    private volatile PemKeyMaterial current;

    private PemTls(Path certificateFile, Path privateKeyFile, Clock clock, PemKeyMaterial material) {
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
        this.clock = clock;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // protects nothing outside this process; the key store exists only in memory
        this.storePassword = Base64.getEncoder().encodeToString(random).toCharArray();
        this.current = material;
        this.sslContextFactory = new SslContextFactory.Server();
        sslContextFactory.setKeyStore(material.keyStore(storePassword));
        sslContextFactory.setKeyStorePassword(new String(storePassword));
        sslContextFactory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    }

    /** @throws CertificateFileException naming the file when the pair cannot be used */
    public static PemTls load(Path certificateFile, Path privateKeyFile) {
        return load(certificateFile, privateKeyFile, Clock.systemUTC());
    }

    /** @throws CertificateFileException naming the file when the pair cannot be used */
    public static PemTls load(Path certificateFile, Path privateKeyFile, Clock clock) {
        Objects.requireNonNull(certificateFile, "certificate file");
        Objects.requireNonNull(privateKeyFile, "private key file");
        return new PemTls(certificateFile, privateKeyFile, clock,
                PemKeyMaterial.read(certificateFile, privateKeyFile, clock));
    }

    /** The context for a Jetty {@code SslConnectionFactory}; reloaded in place on change. */
    public SslContextFactory.Server sslContextFactory() {
        return sslContextFactory;
    }

    /** The leaf certificate new connections are served. */
    public X509Certificate certificate() {
        return current.certificate();
    }

    public Path certificateFile() {
        return certificateFile;
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    /**
     * Reads both files again and, when they hold a usable pair different from the one in use, switches new
     * connections to it.
     *
     * @return true when the certificate in use changed
     */
    public synchronized boolean reload() {
        PemKeyMaterial next;
        try {
            next = PemKeyMaterial.read(certificateFile, privateKeyFile, clock);
        } catch (CertificateFileException e) {
            LOG.error("TLS certificate not reloaded, still serving serial {}: {}", serial(current), e.getMessage());
            return false;
        }
        if (sameChain(next.chain(), current.chain()) && next.privateKey().equals(current.privateKey())) {
            return false;
        }
        try {
            sslContextFactory.reload(f -> f.setKeyStore(next.keyStore(storePassword)));
        } catch (Exception e) {
            LOG.error("TLS certificate not reloaded, still serving serial {}: {}", serial(current), e.toString());
            return false;
        }
        PemKeyMaterial previous = current;
        current = next;
        LOG.info("TLS certificate reloaded from {}: serial {} (was {}), valid until {}", certificateFile,
                serial(next), serial(previous), next.certificate().getNotAfter().toInstant());
        return true;
    }

    /**
     * A watcher that calls {@link #reload()} when either file changes; give it to the Jetty server as a bean so
     * that it starts and stops with it. Every interval it looks at the files through their configured paths,
     * following symbolic links (where the file leads, its size and modification time), so a renewal that swaps
     * a link (certbot's {@code live/} links, a Kubernetes secret volume) counts as a change, not only one that
     * rewrites the file. A change is acted on once the files have been stable for one interval.
     */
    public LifeCycle watcher(Duration interval) {
        return new Watcher(interval);
    }

    /** Where each file leads and what it looks like there; a file that cannot be read looks like nothing. */
    private String fingerprint() {
        StringBuilder print = new StringBuilder();
        for (Path file : List.of(certificateFile, privateKeyFile)) {
            try {
                print.append(file.toRealPath()).append(' ').append(Files.size(file)).append(' ')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            } catch (IOException e) {
                print.append(file).append(" unreadable\n");
            }
        }
        return print.toString();
    }

    private final class Watcher extends AbstractLifeCycle {
        private final Duration interval;
        private ScheduledExecutorService timer;
        private String seen;
        private boolean settling;

        Watcher(Duration interval) {
            this.interval = interval;
        }

        @Override
        protected void doStart() {
            seen = fingerprint();
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gatehouse-tls-watcher").factory());
            timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() {
            timer.shutdownNow();
        }

        private void check() {
            try {
                String now = fingerprint();
                if (!now.equals(seen)) {
                    seen = now;
                    settling = true;
                } else if (settling) {
                    settling = false;
                    reload();
                }
            } catch (RuntimeException e) {
                LOG.error("checking the TLS files for a change failed: {}", e.toString());
            }
        }
    }

    private static boolean sameChain(List<X509Certificate> a, List<X509Certificate> b) {
        if (a.size() != b.size()) {
            return false;
        }
        try {
            for (int i = 0; i < a.size(); i++) {
                if (!Arrays.equals(a.get(i).getEncoded(), b.get(i).getEncoded())) {
                    return false;
                }
            }
            return true;
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    private static String serial(PemKeyMaterial material) {
        return material.certificate().getSerialNumber().toString(16);
    }
}

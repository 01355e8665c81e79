package dev.gatehouse.core.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.gatehouse.core.config.ThrottleConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exponential back-off per (account, address), per address and per account, for one issuer node. Past
 * the free attempts, failure n waits 2^(n - free) seconds, capped at the configured maximum. The
 * account-wide back-off skips addresses the account logged in from within {@link #KNOWN_ADDRESS_MEMORY}.
 * Attempts in progress are held to {@link ParallelAttempts}; one past those waits for a place, up to the
 * queue wait, and is then refused as busy.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {
    public static final Duration KNOWN_ADDRESS_MEMORY = Duration.ofDays(30);
    static final int MAX_KNOWN_ADDRESSES = 100_000;
    /** Attempts that may wait for a place at one address; past that, a busy refusal comes at once. */
    static final int MAX_WAITING_PER_ADDRESS = 256;
    /** The wait a busy refusal asks for. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private record Counter(int failures, Instant last) {}

    /** Attempts in progress for one key, and those waiting for one of them to end. Guarded by the lock. */
    private static final class Places {
        int running;
        int waiting;
        final Condition freed;

        Places(Condition freed) {
            this.freed = freed;
        }
    }

    private final ThrottleConfig config;
    private final ParallelAttempts parallel;
    private final Clock clock;
    private final Cache<String, Counter> counters;
    private final Cache<String, Boolean> knownAddresses;
    // Held only for a few map operations (and released while waiting), never while a password is hashed.
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Places> inProgress = new HashMap<>();

    public InMemoryLoginThrottle(ThrottleConfig config, Clock clock) {
        this(config, ParallelAttempts.PASSWORDS, clock);
    }

    public InMemoryLoginThrottle(ThrottleConfig config, ParallelAttempts parallel, Clock clock) {
        this.config = config;
        this.parallel = parallel;
        this.clock = clock;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.counters = Caffeine.newBuilder()
                .expireAfterWrite(config.window())
                .ticker(ticker)
                .maximumSize(1_000_000)
                .build();
        this.knownAddresses = Caffeine.newBuilder()
                .expireAfterWrite(KNOWN_ADDRESS_MEMORY)
                .ticker(ticker)
                .maximumSize(MAX_KNOWN_ADDRESSES)
                .build();
    }

    @Override
    public Optional<Duration> waitFor(String account, String address) {
        Duration wait = currentWait(account, address, clock.instant());
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    @Override
    public Admission admit(String account, String address) {
        String pairKey = pairKey(account, address);
        String addressKey = addressKey(address);
        long deadline = System.nanoTime() + parallel.queueWait().toNanos();
        lock.lock();
        try {
            Places pair = places(pairKey);
            Places ip = places(addressKey);
            try {
                while (true) {
                    // checked again after every wait: failures that ended meanwhile count for this attempt too
                    Duration wait = currentWait(account, address, clock.instant());
                    if (!wait.isZero()) {
                        return new Refusal(wait, false);
                    }
                    Places full = pair.running >= parallel.perAccountAndAddress() ? pair
                            : ip.running >= parallel.perAddress() ? ip : null;
                    if (full == null) {
                        pair.running++;
                        ip.running++;
                        return new HeldAttempt(account, address, pairKey, pair, addressKey, ip);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || ip.waiting >= MAX_WAITING_PER_ADDRESS) {
                        return new Refusal(BUSY_RETRY, true);
                    }
                    pair.waiting++;
                    ip.waiting++;
                    try {
                        full.freed.await(left, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Refusal(BUSY_RETRY, true);
                    } finally {
                        pair.waiting--;
                        ip.waiting--;
                    }
                }
            } finally {
                forgetIfIdle(pairKey, pair);
                forgetIfIdle(addressKey, ip);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Attempts in progress for this account at this address; for tests. */
    int inProgress(String account, String address) {
        return places(account, address, false);
    }

    /** Attempts waiting for a place of this account at this address; for tests. */
    int waiting(String account, String address) {
        return places(account, address, true);
    }

    private int places(String account, String address, boolean waiting) {
        lock.lock();
        try {
            Places p = inProgress.get(pairKey(account, address));
            return p == null ? 0 : waiting ? p.waiting : p.running;
        } finally {
            lock.unlock();
        }
    }

    private Places places(String key) {
        return inProgress.computeIfAbsent(key, k -> new Places(lock.newCondition()));
    }

    private void forgetIfIdle(String key, Places places) {
        if (places.running == 0 && places.waiting == 0) {
            inProgress.remove(key, places);
        }
    }

    /** One admitted attempt; its outcome and its end are recorded once, whichever comes first. */
    private final class HeldAttempt implements Attempt {
        private final String account;
        private final String address;
        private final String pairKey;
        private final Places pair;
        private final String addressKey;
        private final Places ip;
        private boolean ended;

        HeldAttempt(String account, String address, String pairKey, Places pair, String addressKey, Places ip) {
            this.account = account;
            this.address = address;
            this.pairKey = pairKey;
            this.pair = pair;
            this.addressKey = addressKey;
            this.ip = ip;
        }

        @Override
        public void failed() {
            end(() -> countFailure(account, address));
        }

        @Override
        public void succeeded() {
            end(() -> {
                counters.invalidate(pairKey);
                knownAddresses.put(pairKey, Boolean.TRUE);
            });
        }

        @Override
        public void close() {
            end(() -> { });
        }

        private void end(Runnable outcome) {
            lock.lock();
            try {
                if (ended) {
                    return;
                }
                ended = true;
                outcome.run();
                pair.running--;
                ip.running--;
                pair.freed.signalAll();
                ip.freed.signalAll();
                forgetIfIdle(pairKey, pair);
                forgetIfIdle(addressKey, ip);
            } finally {
                lock.unlock();
            }
        }
    }

    /** One failure of this account at this address, as when an attempt fails. */
    void countFailure(String account, String address) {
        lock.lock();
        try {
            Instant now = clock.instant();
            for (String key : List.of(pairKey(account, address), addressKey(address), accountKey(account))) {
                counters.asMap().merge(key, new Counter(1, now), (c, x) -> new Counter(c.failures + 1, now));
            }
        } finally {
            lock.unlock();
        }
    }

    private Duration currentWait(String account, String address, Instant now) {
        Duration pair = wait(counters.getIfPresent(pairKey(account, address)), config.freeAttemptsPerAccountAndAddress(), now);
        Duration perAddress = wait(counters.getIfPresent(addressKey(address)), config.freeAttemptsPerAddress(), now);
        // Failures from elsewhere may slow down new addresses of an account, never the ones it is known at.
        Duration perAccount = knownAddresses.getIfPresent(pairKey(account, address)) != null ? Duration.ZERO
                : wait(counters.getIfPresent(accountKey(account)), config.freeAttemptsPerAccount(), now);
        return max(max(pair, perAddress), perAccount);
    }

    private Duration wait(Counter c, int free, Instant now) {
        if (c == null || c.failures < free) {
            return Duration.ZERO;
        }
        int over = Math.min(c.failures - free, 30);
        Duration delay = Duration.ofSeconds(1L << over);
        if (delay.compareTo(config.maxDelay()) > 0) {
            delay = config.maxDelay();
        }
        Duration left = Duration.between(now, c.last.plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String pairKey(String account, String address) {
        return "pair|" + normalize(account) + "|" + network(address);
    }

    private static String addressKey(String address) {
        return "ip|" + network(address);
    }

    /**
     * What one client controls: an IPv4 address, or the /64 of an IPv6 address, since one host is commonly
     * given a whole /64 and could otherwise try from a fresh address for every guess.
     */
    public static String network(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            // a literal with ':' is parsed, never looked up
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                return HexFormat.of().formatHex(parsed.getAddress(), 0, 8) + "::/64";
            }
            return parsed.getHostAddress(); // an IPv4-mapped IPv6 address
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String accountKey(String account) {
        return "acct|" + normalize(account);
    }

    private static String normalize(String account) {
        return account == null ? "" : account.toLowerCase(Locale.ROOT);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

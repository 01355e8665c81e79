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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exponential back-off per (account, address), per address and per account, for one issuer node. Past
 * the free attempts, failure n waits 2^(n - free) seconds, capped at the configured maximum. The
 * account-wide back-off skips addresses the account logged in from within {@link #KNOWN_ADDRESS_MEMORY}.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {
    public static final Duration KNOWN_ADDRESS_MEMORY = Duration.ofDays(30);
    static final int MAX_KNOWN_ADDRESSES = 100_000;

    /** {@code previous} is the {@code last} before the latest failure, so that a taken-back attempt restores it. */
    private record Counter(int failures, Instant last, Instant previous) {}

    private final ThrottleConfig config;
    private final Clock clock;
    private final Cache<String, Counter> counters;
    private final Cache<String, Boolean> knownAddresses;
    // Held only for a few map operations, never while a password is hashed.
    private final ReentrantLock lock = new ReentrantLock();

    public InMemoryLoginThrottle(ThrottleConfig config, Clock clock) {
        this.config = config;
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
    public Optional<Duration> admit(String account, String address) {
        lock.lock();
        try {
            Instant now = clock.instant();
            Duration wait = currentWait(account, address, now);
            if (!wait.isZero()) {
                return Optional.of(wait);
            }
            count(account, address, now);
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recordFailure(String account, String address) {
        lock.lock();
        try {
            count(account, address, clock.instant());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recordSuccess(String account, String address) {
        lock.lock();
        try {
            counters.invalidate(pairKey(account, address));
            for (String key : List.of(addressKey(address), accountKey(account))) {
                takeBack(key);
            }
            knownAddresses.put(pairKey(account, address), Boolean.TRUE);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(String account, String address) {
        lock.lock();
        try {
            for (String key : List.of(pairKey(account, address), addressKey(address), accountKey(account))) {
                takeBack(key);
            }
        } finally {
            lock.unlock();
        }
    }

    private void takeBack(String key) {
        counters.asMap().computeIfPresent(key, (k, c) ->
                c.failures <= 1 ? null : new Counter(c.failures - 1, c.previous, c.previous));
    }

    private Duration currentWait(String account, String address, Instant now) {
        Duration pair = wait(counters.getIfPresent(pairKey(account, address)), config.freeAttemptsPerAccountAndAddress(), now);
        Duration perAddress = wait(counters.getIfPresent(addressKey(address)), config.freeAttemptsPerAddress(), now);
        // Failures from elsewhere may slow down new addresses of an account, never the ones it is known at.
        Duration perAccount = knownAddresses.getIfPresent(pairKey(account, address)) != null ? Duration.ZERO
                : wait(counters.getIfPresent(accountKey(account)), config.freeAttemptsPerAccount(), now);
        return max(max(pair, perAddress), perAccount);
    }

    private void count(String account, String address, Instant now) {
        for (String key : List.of(pairKey(account, address), addressKey(address), accountKey(account))) {
            counters.asMap().merge(key, new Counter(1, now, now), (c, x) -> new Counter(c.failures + 1, now, c.last));
        }
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
    static String network(String address) {
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

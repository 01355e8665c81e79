package dev.gatehouse.core.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.core.config.ThrottleConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Exponential back-off per (account, address), per address and per account, for one issuer node. Past
 * the free attempts, failure n waits 2^(n - free) seconds, capped at the configured maximum.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {
    private record Counter(int failures, Instant last) {}

    private final ThrottleConfig config;
    private final Clock clock;
    private final Cache<String, Counter> counters;

    public InMemoryLoginThrottle(ThrottleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.counters = Caffeine.newBuilder()
                .expireAfterWrite(config.window())
                .ticker(() -> clock.millis() * 1_000_000L)
                .maximumSize(1_000_000)
                .build();
    }

    @Override
    public Optional<Duration> waitFor(String account, String address) {
        Instant now = clock.instant();
        Duration wait = max(
                wait(counters.getIfPresent(pairKey(account, address)), config.freeAttemptsPerAccountAndAddress(), now),
                wait(counters.getIfPresent("ip|" + address), config.freeAttemptsPerAddress(), now),
                wait(counters.getIfPresent(accountKey(account)), config.freeAttemptsPerAccount(), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    @Override
    public void recordFailure(String account, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {pairKey(account, address), "ip|" + address, accountKey(account)}) {
            counters.asMap().merge(key, new Counter(1, now), (a, b) -> new Counter(a.failures + 1, now));
        }
    }

    @Override
    public void recordSuccess(String account, String address) {
        counters.invalidate(pairKey(account, address));
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
        return "pair|" + normalize(account) + "|" + address;
    }

    private static String accountKey(String account) {
        return "acct|" + normalize(account);
    }

    private static String normalize(String account) {
        return account == null ? "" : account.toLowerCase(Locale.ROOT);
    }

    private static Duration max(Duration... ds) {
        Duration m = Duration.ZERO;
        for (Duration d : ds) {
            if (d.compareTo(m) > 0) {
                m = d;
            }
        }
        return m;
    }
}

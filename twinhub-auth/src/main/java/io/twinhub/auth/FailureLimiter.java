package io.twinhub.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: each failed authentication takes one token from the bucket of
 * its source address and from that of its client id; a bucket holds {@code burst} tokens and
 * refills at {@code perMinute}. While either bucket is empty, attempts are refused without
 * checking anything, which also spares the CPU the slow hash.
 *
 * <p>Buckets live in a bounded cache, so a flood of addresses cannot exhaust memory; a bucket
 * that was full again would be forgotten anyway.
 */
final class FailureLimiter {

    private static final int MAX_TRACKED = 100_000;

    private final int burst;
    private final double perNano;
    private final LongSupplier nanoClock;
    /** By source address, and by client id: two caches, so a key needs no prefix (no string built per check). */
    private final Cache<String, Bucket> byAddress;
    private final Cache<String, Bucket> byClientId;

    FailureLimiter(int burst, int perMinute, LongSupplier nanoClock) {
        this.burst = burst;
        this.perNano = perMinute / 60e9;
        this.nanoClock = nanoClock;
        long refillMinutes = perMinute <= 0 ? 60 : Math.max(1, (long) Math.ceil((double) burst / perMinute));
        this.byAddress = newCache(refillMinutes);
        this.byClientId = newCache(refillMinutes);
    }

    private static Cache<String, Bucket> newCache(long refillMinutes) {
        return Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED / 2)
                .expireAfterAccess(Duration.ofMinutes(refillMinutes))
                .build();
    }

    boolean enabled() {
        return burst > 0;
    }

    /** True while the address or the client id has no failed attempt left. */
    boolean isLimited(String address, String clientId) {
        if (!enabled()) {
            return false;
        }
        return isEmpty(byAddress, address) || (clientId != null && isEmpty(byClientId, clientId));
    }

    void recordFailure(String address, String clientId) {
        if (!enabled()) {
            return;
        }
        take(byAddress, address);
        if (clientId != null) {
            take(byClientId, clientId);
        }
    }

    private boolean isEmpty(Cache<String, Bucket> buckets, String key) {
        Bucket b = buckets.getIfPresent(key);
        return b != null && b.available(nanoClock.getAsLong()) < 1;
    }

    private void take(Cache<String, Bucket> buckets, String key) {
        buckets.get(key, k -> new Bucket(burst, nanoClock.getAsLong())).take(nanoClock.getAsLong());
    }

    /** A token bucket; its lock is held by attempts for one address or client id only. */
    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized double available(long now) {
            refill(now);
            return tokens;
        }

        synchronized void take(long now) {
            refill(now);
            tokens = Math.max(0, tokens - 1);
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}

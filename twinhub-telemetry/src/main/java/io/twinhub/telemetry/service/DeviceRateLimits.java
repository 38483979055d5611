package io.twinhub.telemetry.service;

import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets of the devices of one shard: each payload takes a token, {@code rate} tokens
 * come back per second, and a bucket holds at most {@code rate} (a burst of one second's worth).
 * Used by its shard's thread only.
 */
final class DeviceRateLimits {

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    private final int rate;
    private final Map<String, Bucket> buckets = new HashMap<>();

    DeviceRateLimits(int rate) {
        this.rate = rate;
    }

    /** Takes a token of the device if it has one. Always true when there is no limit. */
    boolean tryTake(String device, long nowMillis) {
        if (rate == 0) {
            return true;
        }
        Bucket b = buckets.get(device);
        if (b == null) {
            b = new Bucket();
            b.tokens = rate;
            b.refilledAt = nowMillis;
            buckets.put(device, b);
        } else if (nowMillis > b.refilledAt) {
            b.tokens = Math.min(rate, b.tokens + (nowMillis - b.refilledAt) * (double) rate / 1000);
            b.refilledAt = nowMillis;
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens--;
        return true;
    }

    /** Forgets buckets that would be full again by now: keeping them would change nothing. */
    void forgetIdle(long nowMillis) {
        buckets.values().removeIf(b -> b.tokens + (nowMillis - b.refilledAt) * (double) rate / 1000 >= rate);
    }
}

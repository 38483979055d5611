package io.twinhub.twin.service;

import io.twinhub.twin.model.ShadowLimits;

/**
 * How the shadow service runs.
 *
 * @param limits        document size, depth and client token limits (contract §3)
 * @param shards        single-writer threads; a thing's shadows all belong to one shard
 * @param cachedShadows shadow states kept in memory across all shards (the rest is read from the store)
 */
public record ShadowSettings(ShadowLimits limits, int shards, int cachedShadows) {

    public ShadowSettings {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1");
        }
        if (cachedShadows < shards) {
            throw new IllegalArgumentException("cachedShadows must be at least the number of shards");
        }
    }

    /** The contract's limits, one shard per core, 100,000 cached shadows. */
    public static ShadowSettings defaults() {
        return new ShadowSettings(ShadowLimits.DEFAULT, Math.max(1, Runtime.getRuntime().availableProcessors()), 100_000);
    }

    public ShadowSettings withLimits(ShadowLimits limits) {
        return new ShadowSettings(limits, shards, cachedShadows);
    }
}

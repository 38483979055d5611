package io.twinhub.bench.client;

import io.twinhub.bench.stats.Stats;

/** What every connection of a run shares. */
public record ConnectionSetup(
        ConnectTemplate connectTemplate,
        Stats stats,
        LoopRegistry registry,
        boolean v5,
        int keepAliveSeconds,
        int connackTimeoutSeconds) {
}

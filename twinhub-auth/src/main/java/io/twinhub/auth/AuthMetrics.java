package io.twinhub.auth;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the authenticator, read by the metrics exporter. */
public final class AuthMetrics {

    final LongAdder accepted = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder cacheHits = new LongAdder();
    final LongAdder slowChecks = new LongAdder();
    final LongAdder anonymousRefused = new LongAdder();

    /** Authentications that succeeded (MQTT and bearer). */
    public long accepted() { return accepted.sum(); }

    /** Authentications refused for bad credentials or missing rights (not counting the two below). */
    public long failed() { return failed.sum(); }

    /** Attempts refused because their address or client id had failed too often. */
    public long rateLimited() { return rateLimited.sum(); }

    /** Attempts refused because the hash-checking queue was full. */
    public long busy() { return busy.sum(); }

    /** Credentials accepted from the cache of verified ones, without a slow hash. */
    public long cacheHits() { return cacheHits.sum(); }

    /** Clients without credentials refused because the anonymous policy does not allow them here. */
    public long anonymousRefused() { return anonymousRefused.sum(); }

    /** Slow hash checks run. */
    public long slowChecks() { return slowChecks.sum(); }
}

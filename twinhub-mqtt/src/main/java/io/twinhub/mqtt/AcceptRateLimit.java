package io.twinhub.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Caps how many new connections one listener takes per second. The listener asks it as it sets
 * up a new channel, and closes a connection over the rate before adding any handler, so a connect
 * storm costs neither a CONNECT parse nor a credential check. Up to one second's worth may arrive
 * at once (the burst).
 *
 * <p>Shared by all of the listener's event loops without a lock: the state is one "theoretical
 * arrival time" moved forward by compare-and-set (the generic cell rate algorithm).
 */
final class AcceptRateLimit {

    private static final long SECOND = 1_000_000_000L;

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong theoreticalArrival;
    private final LongAdder refused = new LongAdder();

    AcceptRateLimit(int perSecond, LongSupplier nanoClock) {
        this.intervalNanos = SECOND / perSecond;
        this.burstNanos = SECOND;
        this.nanoClock = nanoClock;
        this.theoreticalArrival = new AtomicLong(nanoClock.getAsLong());
    }

    /** True when one more connection fits in the rate now; counts the refusal otherwise. */
    boolean admit() {
        long now = nanoClock.getAsLong();
        while (true) {
            long tat = theoreticalArrival.get();
            long next = Math.max(tat, now) + intervalNanos;
            if (next - now > burstNanos) {
                refused.increment();
                return false;
            }
            if (theoreticalArrival.compareAndSet(tat, next)) {
                return true;
            }
        }
    }

    long refused() {
        return refused.sum();
    }
}

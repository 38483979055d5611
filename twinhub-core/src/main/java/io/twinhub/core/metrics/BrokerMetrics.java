package io.twinhub.core.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the broker keeps on its hot paths. LongAdder, so that event loops on different cores
 * never contend on one cache line; the exporter sums them when scraped.
 */
public final class BrokerMetrics {

    /** Why a message was not delivered to a subscriber. Every drop is counted under one reason. */
    public enum DropReason {
        QUEUE_FULL, SLOW_SUBSCRIBER_QOS0, EXPIRED, PACKET_TOO_LARGE_FOR_CLIENT, SESSION_ENDED
    }

    public final LongAdder connectsAccepted = new LongAdder();
    public final LongAdder connectsRejected = new LongAdder();
    public final AtomicLong connectionsOpen = new AtomicLong();
    public final LongAdder protocolErrors = new LongAdder();
    public final LongAdder publishesReceived = new LongAdder();
    public final LongAdder publishesSent = new LongAdder();
    public final LongAdder bytesReceived = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    /** PUBLISH packets outside the client's topic rules: dropped (and NACKed in MQTT 5). */
    public final LongAdder publishesDenied = new LongAdder();
    /** Requests to hub services (shadows) refused because too many of the connection's were in flight. */
    public final LongAdder requestsRefused = new LongAdder();
    /** SUBSCRIBE filters outside the client's topic rules: refused in the SUBACK. */
    public final LongAdder subscriptionsDenied = new LongAdder();
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);

    public BrokerMetrics() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new LongAdder());
        }
    }

    public void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    public long drops(DropReason reason) {
        return drops.get(reason).sum();
    }

    public long totalDrops() {
        long sum = 0;
        for (LongAdder a : drops.values()) {
            sum += a.sum();
        }
        return sum;
    }
}

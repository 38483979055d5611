package io.twinhub.it.durability;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits until every write the node has started so far is durable, using only what the broker
 * promises: a PUBACK for a retained message means that message is on disk, and the store commits
 * its write groups in the order they were started. So once a retained QoS 1 message (set, then
 * cleared, leaving nothing behind) is acknowledged, the session records and subscriptions that
 * the test's earlier CONNACKs and SUBACKs stood for are durable too.
 *
 * <p>Tests that check recovery use it before a SIGKILL, so that they do not depend on how fast
 * the disk is; tests that check what an acknowledgement itself promises do not.
 */
public final class StoreBarrier {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String TOPIC = "durability-barrier";

    private StoreBarrier() { }

    public static void await(NodeProcess node) throws IOException {
        Wire w = Wire.connect(node.port(), new Wire.Connect(4, "barrier-" + COUNTER.incrementAndGet()));
        try {
            w.publish(TOPIC, 1, false, true, 1, "barrier");
            awaitPuback(w, 1);
            w.publish(TOPIC, 1, false, true, 2, "");
            awaitPuback(w, 2);
            w.disconnect();
        } finally {
            w.close();
        }
    }

    private static void awaitPuback(Wire w, int packetId) throws IOException {
        WirePacket ack = w.expect(Wire.PUBACK, Duration.ofSeconds(10), null);
        if (ack.packetId() != packetId) {
            throw new AssertionError("barrier: PUBACK for " + ack.packetId() + ", expected " + packetId);
        }
    }
}

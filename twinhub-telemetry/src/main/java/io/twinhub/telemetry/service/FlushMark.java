package io.twinhub.telemetry.service;

import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.TelemetryStore;

import java.nio.ByteBuffer;

/**
 * The highest chunk number written, kept with every flush, so that numbers keep growing across
 * restarts even when the wall clock has gone back: a new chunk must never take an old one's number
 * (it would replace it) and queries hide chunks numbered above the last flush they know of.
 *
 * <p>Kept as a latest-value record of the empty device id, which no device can have.
 */
final class FlushMark {

    private static final String DEVICE = "";
    private static final String KEY = "flush-seq";

    private FlushMark() { }

    static void write(BrokerStore.WriteGroup group, long seq) {
        group.putLatest(DEVICE, KEY, ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
    }

    /** The highest chunk number of earlier runs, or 0. */
    static long read(TelemetryStore store) {
        long[] mark = {0};
        store.readLatest(DEVICE, (key, value) -> {
            if (KEY.equals(key) && value.length == Long.BYTES) {
                mark[0] = ByteBuffer.wrap(value).getLong();
            }
        });
        return mark[0];
    }
}

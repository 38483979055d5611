package io.twinhub.bench.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latency recorders of one event loop. Only that loop's thread records into them (so the
 * cheap single-writer recorder is enough); the collector thread swaps out interval histograms.
 */
public final class LoopRecorders {

    private final SingleWriterRecorder[] recorders = new SingleWriterRecorder[Latency.Kind.values().length];

    LoopRecorders() {
        for (int i = 0; i < recorders.length; i++) {
            recorders[i] = new SingleWriterRecorder(1, Latency.HIGHEST_NANOS, Latency.DIGITS);
        }
    }

    /** Records one latency; call only from the owning event loop. */
    public void record(Latency.Kind kind, long nanos) {
        recorders[kind.ordinal()].recordValue(Latency.clamp(nanos));
    }

    /** Moves what was recorded since the last call into {@code into}. */
    void drainInto(Latency.Kind kind, Histogram into) {
        Histogram interval = recorders[kind.ordinal()].getIntervalHistogram();
        into.add(interval);
    }
}

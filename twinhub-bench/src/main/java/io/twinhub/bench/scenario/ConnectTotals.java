package io.twinhub.bench.scenario;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * The raw outcome of a connect phase, from one generator process or summed over several: what
 * {@link ConnectEngine#report} turns into figures.
 *
 * @param startNanos first TCP connect (System.nanoTime; comparable between processes on Linux)
 * @param endNanos last CONNACK or failure
 * @param generatorCpuNanos process CPU of the generator(s) during the phase, -1 if unknown
 * @param generatorIoCpuNanos CPU of their event-loop threads only, -1 if unknown
 * @param serverCpuNanos server process CPU during the phase, -1 if unknown
 */
public record ConnectTotals(int devices, int ready, int failed, int pending, long startNanos, long endNanos,
                            Histogram latency, long generatorCpuNanos, long generatorIoCpuNanos,
                            long serverCpuNanos, Map<String, Long> failures, long lostDuringHold) {

    /** The sum of several processes' totals (each measured its own share of the devices). */
    static ConnectTotals merge(Iterable<ConnectTotals> parts, long serverCpuNanos) {
        int devices = 0;
        int ready = 0;
        int failed = 0;
        int pending = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        Histogram latency = io.twinhub.bench.stats.Latency.newHistogram();
        long gen = 0;
        long io = 0;
        long lost = 0;
        Map<String, Long> failures = new TreeMap<>();
        for (ConnectTotals p : parts) {
            devices += p.devices;
            ready += p.ready;
            failed += p.failed;
            pending += p.pending;
            start = Math.min(start, p.startNanos);
            end = Math.max(end, p.endNanos);
            latency.add(p.latency);
            gen = gen < 0 || p.generatorCpuNanos < 0 ? -1 : gen + p.generatorCpuNanos;
            io = io < 0 || p.generatorIoCpuNanos < 0 ? -1 : io + p.generatorIoCpuNanos;
            lost += p.lostDuringHold;
            p.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
        }
        return new ConnectTotals(devices, ready, failed, pending, start, end, latency, gen, io, serverCpuNanos,
                failures, lost);
    }
}

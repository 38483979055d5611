package io.twinhub.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU from {@code /proc/stat}: busy time of all processes and time the
 * hypervisor gave to other guests (steal). Set against the server's and the generator's own CPU,
 * it tells whether anything else ran during a measurement.
 */
public record MachineCpu(long wallNanos, long busyNanos, long stealNanos, long totalNanos) {

    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final MachineCpu UNKNOWN = new MachineCpu(-1, -1, -1, -1);

    /** Now, or a sample whose figures are all -1 when /proc/stat cannot be read. */
    public static MachineCpu sample() {
        try {
            return parse(Files.readString(Path.of("/proc/stat")), System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The aggregate "cpu" line: user nice system idle iowait irq softirq steal ... (in clock ticks). */
    static MachineCpu parse(String stat, long wallNanos) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]);
                long iowait = Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                long busy = user + nice + system + irq + softirq;
                return new MachineCpu(wallNanos, busy * NANOS_PER_TICK, steal * NANOS_PER_TICK,
                        (busy + idle + iowait + steal) * NANOS_PER_TICK);
            }
        }
        return UNKNOWN;
    }

    public boolean known() {
        return busyNanos >= 0;
    }

    /** Cores kept busy between {@code earlier} and this sample, by every process. */
    public double busyCoresSince(MachineCpu earlier) {
        return Rates.cores(busyNanos - earlier.busyNanos, wallNanos - earlier.wallNanos);
    }

    /** Share of the machine's CPU time the hypervisor gave to others between the two samples, in %. */
    public double stealPercentSince(MachineCpu earlier) {
        long total = totalNanos - earlier.totalNanos;
        return total <= 0 ? Double.NaN : 100.0 * (stealNanos - earlier.stealNanos) / total;
    }
}

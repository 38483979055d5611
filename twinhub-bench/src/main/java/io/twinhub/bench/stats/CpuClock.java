package io.twinhub.bench.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the generator (this JVM) and of the server process, so every result can say how
 * much CPU each side spent per message. The generator must be the cheaper of the two or the
 * benchmark measures the generator.
 */
public final class CpuClock {

    /** Linux reports utime/stime in USER_HZ ticks, which is 100 on every mainstream architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuClock() { }

    /** CPU time of this process (all threads), or -1 when the JVM cannot tell. */
    public static long selfNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** User + system CPU time of process {@code pid} (all threads) from /proc, or -1 if unreadable. */
    public static long processNanos(long pid) {
        try {
            return parseStatCpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime + stime from a /proc/[pid]/stat line. The command name (field 2) may contain spaces
     * and parentheses, so fields are counted from the last ')'.
     */
    static long parseStatCpuNanos(String stat) {
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // After the name: state(3) ppid(4) ... utime is field 14, stime field 15 → indexes 11 and 12 here.
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return (utime + stime) * NANOS_PER_TICK;
    }
}

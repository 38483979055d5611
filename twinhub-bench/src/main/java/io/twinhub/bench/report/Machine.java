package io.twinhub.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a result was measured on; absolute numbers mean little without it. */
public final class Machine {

    private Machine() { }

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", cpuModel());
        m.put("memory_gib", Math.round(memTotalKb() / 1048576.0 * 10) / 10.0);
        m.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("load_average", loadAverage());
        m.put("open_files_limit", openFilesLimit());
        return m;
    }

    /** One line for tables: "2 × Intel Xeon, 24 GiB, Linux 6.1". */
    public static String oneLine() {
        Map<String, Object> m = describe();
        return m.get("cpus") + " cores (" + m.get("cpu_model") + "), " + m.get("memory_gib") + " GiB, " + m.get("kernel");
    }

    /** The 1-minute load average, or -1. A load above the core count means the figures are noisy. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    private static long memTotalKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    private static String openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return line.substring("Max open files".length()).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}

package io.twinhub.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process, from /proc/[pid]/status. */
public final class MemoryProbe {

    private MemoryProbe() { }

    /** VmRSS in bytes, or -1 if the process is gone or the line is missing. */
    public static long rssBytes(long pid) {
        try {
            return parseStatusKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "VmRSS:") * 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseStatusKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    /** Whether {@code pid} is a Java VM (its command is java), so JMX can be asked about its heap. */
    public static boolean isJava(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim().equals("java");
        } catch (IOException e) {
            return false;
        }
    }
}

package io.twinhub.store;

import java.util.Locale;

/**
 * When a committed group counts as durable, that is, when its callback runs. Every mode writes
 * the same data in the same order; they differ only in what a crash of the machine (not of the
 * process: the write-ahead log is in the OS page cache as soon as a group is written) can lose.
 */
public enum Durability {

    /**
     * The default. The callback runs after the write-ahead log was synced to disk: an
     * acknowledged message survives a power cut. Many groups share one sync (group commit).
     */
    SYNC,

    /**
     * The callback runs as soon as the group is in the write-ahead log (OS page cache); the log
     * is synced in the background every sync interval (100 ms by default). A power cut or kernel
     * crash loses at most the groups acknowledged during the last interval; a crash of the
     * process alone loses nothing.
     */
    BATCH,

    /**
     * No write-ahead log: groups go to the in-memory tables only, which reach disk when RocksDB
     * flushes them (when full, and at a clean close). Any crash, even of the process alone, can
     * lose everything since the last flush. For tests and for data the user can afford to lose;
     * the node warns at start.
     */
    NONE;

    /** Parses a configuration value: {@code sync}, {@code batch} or {@code none}, any case. */
    public static Durability parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (Durability d : values()) {
            if (d.name().equals(v)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown durability '" + value + "': expected sync, batch or none");
    }

    /** The name as written in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.twinhub.twin.service;

import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.model.ShadowState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shadows a shard has in memory, least recently used first. A shadow with a write still on
 * its way to the disk stays: the store does not have its state yet, so dropping it would let
 * the next request read an older one. Touched by the shard's thread only.
 */
final class ShadowCache {

    /** A shadow's newest state and how many of its writes are not durable yet. */
    static final class Entry {
        ShadowState state;
        int unwritten;

        Entry(ShadowState state) {
            this.state = state;
        }
    }

    private final int capacity;
    private final LinkedHashMap<ShadowRef, Entry> entries;

    ShadowCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    Entry get(ShadowRef ref) {
        return entries.get(ref);
    }

    Entry put(ShadowRef ref, ShadowState state) {
        Entry e = new Entry(state);
        entries.put(ref, e);
        trim();
        return e;
    }

    void remove(ShadowRef ref) {
        entries.remove(ref);
    }

    int size() {
        return entries.size();
    }

    /** Drops the least recently used shadows that have nothing left to write, down to capacity. */
    private void trim() {
        var it = entries.entrySet().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            Map.Entry<ShadowRef, Entry> eldest = it.next();
            if (eldest.getValue().unwritten == 0) {
                it.remove();
            }
        }
    }
}

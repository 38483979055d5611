package io.twinhub.bench.client;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live connections of each event loop, so one periodic keep-alive sweep per loop serves all
 * of its connections instead of one timer per connection. Each list is
 * touched only by its own loop.
 */
public final class LoopRegistry {

    /** One loop's connections. */
    static final class LoopConnections {
        final List<BenchConnection> list = new ArrayList<>();
    }

    private final Map<EventExecutor, LoopConnections> loops = new IdentityHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    public LoopRegistry(Iterable<? extends EventExecutor> executors) {
        for (EventExecutor e : executors) {
            loops.put(e, new LoopConnections());
        }
    }

    /** Called by a connection on its loop when it is added to a pipeline. */
    void add(BenchConnection c, EventExecutor loop) {
        LoopConnections lc = loops.get(loop);
        c.registryIndex = lc.list.size();
        lc.list.add(c);
    }

    /** Swap-remove, O(1); called on the connection's loop. */
    void remove(BenchConnection c, EventExecutor loop) {
        LoopConnections lc = loops.get(loop);
        int i = c.registryIndex;
        if (i < 0 || i >= lc.list.size() || lc.list.get(i) != c) {
            return;
        }
        BenchConnection last = lc.list.remove(lc.list.size() - 1);
        if (last != c) {
            lc.list.set(i, last);
            last.registryIndex = i;
        }
        c.registryIndex = -1;
    }

    /** Sends PINGREQ on connections idle for half their keep-alive; checked once a second. */
    public void startKeepAlive() {
        schedule(1_000_000, (c, now) -> c.keepAliveCheck(now));
    }

    interface Visit {
        void visit(BenchConnection c, long nowNanos);
    }

    private synchronized void schedule(long periodMicros, Visit visit) {
        for (Map.Entry<EventExecutor, LoopConnections> e : loops.entrySet()) {
            List<BenchConnection> list = e.getValue().list;
            tasks.add(e.getKey().scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                // Indexed loop: a visit may close a connection, which swap-removes it.
                for (int i = 0; i < list.size(); i++) {
                    visit.visit(list.get(i), now);
                }
            }, periodMicros, periodMicros, TimeUnit.MICROSECONDS));
        }
    }

    /** Stops the periodic tasks. */
    public synchronized void stop() {
        for (ScheduledFuture<?> f : tasks) {
            f.cancel(false);
        }
        tasks.clear();
    }
}

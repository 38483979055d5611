package io.twinhub.bench.scenario;

import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.stats.CpuClock;

/**
 * CPU time of generator and server at one instant. When the server runs in the generator's JVM
 * (tests), "server" is the same process figure and says so in the notes.
 */
record CpuSample(long wallNanos, long generatorNanos, long serverNanos, long ioThreadNanos) {

    private static final long[] NO_THREADS = new long[0];

    static CpuSample take(ServerHandle server) {
        return take(server, NO_THREADS);
    }

    /**
     * @param ioThreads ids of the generator's event-loop threads: their CPU is the generator's own
     *                  work, without the JIT compiler and GC threads that dominate a young JVM
     */
    static CpuSample take(ServerHandle server, long[] ioThreads) {
        long pid = server.pid();
        long srv = pid < 0 ? -1 : server.inProcess() ? CpuClock.selfNanos() : CpuClock.processNanos(pid);
        long io = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (long id : ioThreads) {
            io += Math.max(0, threads.getThreadCpuTime(id));
        }
        return new CpuSample(System.nanoTime(), CpuClock.selfNanos(), srv, ioThreads.length == 0 ? -1 : io);
    }

    long ioThreadsSince(CpuSample earlier) {
        return ioThreadNanos < 0 || earlier.ioThreadNanos < 0 ? -1 : ioThreadNanos - earlier.ioThreadNanos;
    }

    long generatorSince(CpuSample earlier) {
        return generatorNanos < 0 || earlier.generatorNanos < 0 ? -1 : generatorNanos - earlier.generatorNanos;
    }

    long serverSince(CpuSample earlier) {
        return serverNanos < 0 || earlier.serverNanos < 0 ? -1 : serverNanos - earlier.serverNanos;
    }
}

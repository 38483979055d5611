package io.twinhub.bench.scenario;

import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.stats.CpuClock;

/**
 * CPU time of generator and server at one instant. When the server runs in the generator's JVM
 * (tests), "server" is the same process figure and says so in the notes.
 */
record CpuSample(long wallNanos, long generatorNanos, long serverNanos) {

    static CpuSample take(ServerHandle server) {
        long pid = server.pid();
        long srv = pid < 0 ? -1 : server.inProcess() ? CpuClock.selfNanos() : CpuClock.processNanos(pid);
        return new CpuSample(System.nanoTime(), CpuClock.selfNanos(), srv);
    }

    long generatorSince(CpuSample earlier) {
        return generatorNanos < 0 || earlier.generatorNanos < 0 ? -1 : generatorNanos - earlier.generatorNanos;
    }

    long serverSince(CpuSample earlier) {
        return serverNanos < 0 || earlier.serverNanos < 0 ? -1 : serverNanos - earlier.serverNanos;
    }
}

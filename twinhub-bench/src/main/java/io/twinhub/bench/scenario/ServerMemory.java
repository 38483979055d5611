package io.twinhub.bench.scenario;

import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.stats.JvmMemory;
import io.twinhub.bench.stats.MemoryProbe;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples the server's memory: resident set size for any process, plus heap-after-GC and NIO
 * direct buffers for a JVM (attach API), which is what "memory per connection" should be based on:
 * a JVM's RSS mostly shows how far its heap has grown, garbage included.
 */
final class ServerMemory implements AutoCloseable {

    /** One reading; -1 where unknown. */
    record Sample(long rssBytes, long heapBytes, long directBytes) {
        long jvmTotal() {
            return heapBytes < 0 ? -1 : heapBytes + Math.max(0, directBytes);
        }

        Sample withRss(long rss) {
            return new Sample(rss, heapBytes, directBytes);
        }
    }

    private final ServerHandle server;
    private final JvmMemory jvm;
    private final String jvmProblem;

    ServerMemory(ServerHandle server) {
        this.server = server;
        JvmMemory attached = null;
        String problem = null;
        long pid = server.pid();
        if (pid >= 0 && !server.inProcess() && MemoryProbe.isJava(pid)) {
            try {
                attached = JvmMemory.attach(pid);
            } catch (Exception | Error e) {
                problem = "could not attach to the server JVM for heap figures: " + e;
            }
        }
        this.jvm = attached;
        this.jvmProblem = problem;
    }

    /** Why there are no heap figures for a JVM server, or null. */
    String problem() {
        return jvmProblem;
    }

    Sample sample() {
        long pid = server.pid();
        long rss = pid < 0 ? -1 : MemoryProbe.rssBytes(pid);
        if (server.inProcess()) {
            MemoryMXBean m = ManagementFactory.getMemoryMXBean();
            m.gc();
            long direct = 0;
            for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                direct += Math.max(0, b.getMemoryUsed());
            }
            return new Sample(rss, m.getHeapMemoryUsage().getUsed(), direct);
        }
        if (jvm != null) {
            try {
                JvmMemory.Sample s = jvm.sampleAfterGc();
                return new Sample(MemoryProbe.rssBytes(pid), s.heapUsedBytes(), s.directBytes());
            } catch (Exception e) {
                return new Sample(rss, -1, -1);
            }
        }
        return new Sample(rss, -1, -1);
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}

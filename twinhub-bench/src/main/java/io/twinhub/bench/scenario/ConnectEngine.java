package io.twinhub.bench.scenario;

import io.twinhub.bench.client.ConnectDriver;
import io.twinhub.bench.client.DeviceConnection;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.CounterSnapshot;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.Rates;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code connect} scenario: N devices connect (bounded concurrency, optional fixed rate),
 * hold for the duration with keep-alive, then disconnect. Reports the connect rate, connect
 * latency, failures by reason, and the server's memory per connection.
 */
public final class ConnectEngine {

    /** Let the server settle (buffers returned, pools trimmed) before memory is read. */
    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Connections of the uncounted warm-up round. */
    public static final int WARMUP_DEVICES = 10_000;

    private final ConnectPlan plan;
    private final RunContext ctx;

    public ConnectEngine(ConnectPlan plan, RunContext ctx) {
        this.plan = plan;
        this.ctx = ctx;
    }

    public RunResult run() throws InterruptedException {
        RunResult result = new RunResult("connect", ctx.server().name());
        result.config().putAll(plan.config());
        if (ctx.server().inProcess()) {
            result.note("server runs in the generator's JVM: its CPU and RSS include the generator");
        }
        try (Generator gen = new Generator(ctx, plan.devices(), plan.keepAliveSeconds());
             ServerMemory memory = new ServerMemory(ctx.server())) {
            result.details().put("generator_transport", gen.transport.name());
            result.details().put("source_addresses", gen.connector.sourceAddressCount());
            if (memory.problem() != null) {
                result.note(memory.problem());
            }
            run(gen, memory, result);
        }
        return result;
    }

    private void run(Generator gen, ServerMemory memory, RunResult result) throws InterruptedException {
        BooleanSupplier serverDied = () -> !ctx.server().alive();
        List<DeviceConnection> devices = new ArrayList<>(plan.devices());
        for (int i = 0; i < plan.devices(); i++) {
            int n = plan.deviceOffset() + i;
            devices.add(new DeviceConnection(gen.setup, n, ClientIds.of(ctx.runTag(), 'c', n)));
        }
        ConnectDriver driver = new ConnectDriver(gen.connector, gen.transport.loops(), ctx.connectConcurrency(),
                plan.ratePerSecond());
        List<Progress.Column> columns = List.of(Progress.CONNS, Progress.CONNECT_RATE, Progress.FAILED,
                Progress.CONNECT_P50, Progress.CONNECT_P99, Progress.GEN_CPU, Progress.SRV_CPU, Progress.SRV_RSS);
        try (Progress progress = new Progress(gen.stats, gen.collector, ctx.server(), ctx.out(), ctx.progress(),
                columns, result.progress())) {
            // RSS before the warm-up: a C server reuses the warm-up's freed memory for the measured
            // connections, so an RSS baseline taken after it would hide their cost. Heap after GC is
            // taken after it: a JVM's heap baseline is exact either way, its RSS never shrinks back.
            ServerMemory.Sample rssBase = memory.sample();
            if (ctx.warmupSeconds() > 0 && plan.warmupDevices() > 0) {
                progress.phase("warmup");
                warmUp(gen, driver, serverDied, result);
            }
            plan.coordination().warmedUp();
            ServerMemory.Sample before = memory.sample().withRss(rssBase.rssBytes());
            progress.phase("connect");
            gen.collector.resetTotals();
            CpuSample cpu0 = gen.cpu(ctx);
            long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, ctx.durationSeconds()));
            ConnectDriver.Outcome outcome = driver.connectAll(devices, connectDeadline, serverDied);
            CpuSample cpu1 = gen.cpu(ctx);
            plan.coordination().connected(outcome.ready(), outcome.failed() + outcome.pending());
            CounterSnapshot s1 = gen.stats.snapshot();
            Histogram connectLatency = gen.collector.total(Latency.Kind.CONNECT);
            if (plan.keepAliveSeconds() > 0) {
                gen.registry.startKeepAlive();
            }

            progress.phase("hold");
            Waits.sleep(SETTLE_NANOS, serverDied);
            ServerMemory.Sample held = memory.sample();
            Waits.sleep(TimeUnit.SECONDS.toNanos(ctx.durationSeconds()), serverDied);
            CounterSnapshot s2 = gen.stats.snapshot();
            ServerMemory.Sample end = memory.sample();
            progress.phase("close");
            Teardown.disconnect(devices);

            ConnectTotals totals = new ConnectTotals(plan.devices(), outcome.ready(), outcome.failed(),
                    outcome.pending(), outcome.startNanos(), outcome.endNanos(), connectLatency,
                    cpu1.generatorSince(cpu0), cpu1.ioThreadsSince(cpu0), cpu1.serverSince(cpu0),
                    gen.stats.failures(), s2.delta(s1, Counter.CONNECTION_LOST));
            report(result, totals, before, held, end, ctx.server().inProcess());
            result.details().put("pings_during_hold", s2.delta(s1, Counter.PINGS));
            exportForParent(result, totals);
        }
    }

    /**
     * Connects and closes a smaller batch first, uncounted: a cold generator JVM spends most of its
     * first seconds compiling and loading classes, which would otherwise be the measured connect
     * rate (and a JVM server deserves the same warm-up).
     */
    private void warmUp(Generator gen, ConnectDriver driver, BooleanSupplier serverDied, RunResult result)
            throws InterruptedException {
        int n = Math.min(plan.devices(), plan.warmupDevices());
        List<DeviceConnection> warm = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = plan.deviceOffset() + i;
            warm.add(new DeviceConnection(gen.setup, id, ClientIds.of(ctx.runTag(), 'w', id)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ConnectDriver.Outcome o = driver.connectAll(warm, deadline, serverDied);
        Teardown.disconnect(warm);
        result.details().put("warmup_connects", o.ready());
        Waits.sleep(TimeUnit.SECONDS.toNanos(Math.min(ctx.warmupSeconds(), 2)), serverDied);
    }

    /** The raw totals, for a parent process that merges several generators' results. */
    private static void exportForParent(RunResult result, ConnectTotals t) {
        Map<String, Object> d = result.details();
        d.put("connect_start_nanos", t.startNanos());
        d.put("connect_end_nanos", t.endNanos());
        d.put("generator_cpu_nanos", t.generatorCpuNanos());
        d.put("generator_io_cpu_nanos", t.generatorIoCpuNanos());
        d.put("connect_latency_hdr", encode(t.latency()));
    }

    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 1);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("bad histogram from a child process", e);
        }
    }

    /** Figures, details and notes of a connect phase (one process or merged). */
    static void report(RunResult result, ConnectTotals t, ServerMemory.Sample before, ServerMemory.Sample held,
                       ServerMemory.Sample end, boolean inProcess) {
        long connected = t.ready();
        long window = t.endNanos() - t.startNanos();
        Histogram latency = t.latency();
        result.figure("connected", "devices connected", "", connected, true);
        result.figure("connect_failed", "connects failed", "", t.failed() + t.pending(), false);
        result.figure("connect_rate", "connect rate (TCP + CONNECT → CONNACK)", "conn/s",
                Rates.perSecond(connected, window), true);
        result.figure("connect_p50", "connect latency p50", "ms", Latency.percentileMillis(latency, 50), false);
        result.figure("connect_p99", "connect latency p99", "ms", Latency.percentileMillis(latency, 99), false);
        result.figure("connect_max", "connect latency max", "ms", Latency.maxMillis(latency), false);
        double rssPer = perConnection(held.rssBytes(), before.rssBytes(), connected);
        double jvmPer = perConnection(held.jvmTotal(), before.jvmTotal(), connected);
        result.figure("memory_per_conn", "server memory per connection (heap after GC + direct)", "bytes", jvmPer, false);
        result.figure("rss_per_conn", "server RSS growth per connection", "bytes", rssPer, false);
        result.figure("server_cpu_per_connect", "server CPU per connect", "us",
                Rates.microsPerEvent(t.serverCpuNanos(), connected), false);
        result.figure("generator_cpu_per_connect", "generator CPU per connect", "us",
                Rates.microsPerEvent(t.generatorCpuNanos(), connected), false);
        result.figure("generator_io_cpu_per_connect", "generator I/O threads CPU per connect (no JIT/GC)", "us",
                Rates.microsPerEvent(t.generatorIoCpuNanos(), connected), false);

        Map<String, Object> d = result.details();
        d.put("connect_window_seconds", window / 1e9);
        d.put("pending_at_deadline", t.pending());
        d.put("failures", t.failures());
        d.put("lost_during_hold", t.lostDuringHold());
        d.put("connect_latency_ms", Histograms.summary(latency));
        d.put("server_memory_before", memoryMap(before));
        d.put("server_memory_connected", memoryMap(held));
        d.put("server_memory_end_of_hold", memoryMap(end));
        if (held.heapBytes() >= 0) {
            d.put("heap_per_conn_bytes", perConnection(held.heapBytes(), before.heapBytes(), connected));
            d.put("direct_per_conn_bytes", perConnection(held.directBytes(), before.directBytes(), connected));
        }
        if (t.failed() + t.pending() > 0) {
            result.invalidate((t.failed() + t.pending()) + " of " + t.devices() + " devices did not connect: "
                    + t.failures());
        }
        if (t.lostDuringHold() > 0) {
            result.invalidate(t.lostDuringHold() + " connections were lost while holding");
        }
        if (held.rssBytes() < 0) {
            result.note("no server memory figures (server process unknown: give --server-pid)");
        } else if (held.heapBytes() < 0 && !inProcess) {
            result.note("memory per connection from RSS only (server is not a JVM we can attach to)");
        } else {
            result.note("memory per connection = (heap used after full GC + NIO direct buffers) growth / connections;"
                    + " memory Netty allocates outside NIO buffer pools shows only in the RSS figure");
        }
    }

    private static double perConnection(long after, long before, long connections) {
        if (after < 0 || before < 0 || connections <= 0) {
            return Double.NaN;
        }
        return (double) (after - before) / connections;
    }

    private static Map<String, Object> memoryMap(ServerMemory.Sample s) {
        return Map.of("rss_bytes", s.rssBytes(), "heap_used_after_gc_bytes", s.heapBytes(),
                "nio_buffers_bytes", s.directBytes());
    }
}

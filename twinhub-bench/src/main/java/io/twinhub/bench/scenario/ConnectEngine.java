package io.twinhub.bench.scenario;

import io.twinhub.bench.access.Fleet;
import io.twinhub.bench.client.ConnectDriver;
import io.twinhub.bench.client.ConnectTemplate;
import io.twinhub.bench.client.DeviceConnection;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.CounterSnapshot;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.MachineCpu;
import io.twinhub.bench.stats.Rates;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code connect} scenario: N devices connect (bounded concurrency, optional fixed rate),
 * hold for the duration with keep-alive, then disconnect; with several passes they then connect
 * again. Reports the connect rate, connect latency, failures by reason, and the server's memory
 * per connection (first pass).
 */
public final class ConnectEngine {

    /** Let the server settle (buffers returned, pools trimmed) before memory is read. */
    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Connections of the uncounted warm-up round. */
    public static final int WARMUP_DEVICES = 10_000;
    /** Reconnects of the warm-up devices after their first connect, when the run has later passes. */
    static final int WARMUP_RECONNECT_ROUNDS = 3;

    private final ConnectPlan plan;
    private final RunContext ctx;

    public ConnectEngine(ConnectPlan plan, RunContext ctx) {
        this.plan = plan;
        this.ctx = ctx;
    }

    public RunResult run() throws InterruptedException, IOException {
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

    private void run(Generator gen, ServerMemory memory, RunResult result) throws InterruptedException, IOException {
        BooleanSupplier serverDied = () -> !ctx.server().alive();
        // Credentials, certificates and TLS clients are made before anything is measured.
        boolean warmUp = ctx.warmupSeconds() > 0 && plan.warmupDevices() > 0;
        Group warm = warmUp ? enroll(gen, 'w', Math.min(plan.devices(), plan.warmupDevices()), "warmup", result) : null;
        Group devices = enroll(gen, 'c', plan.devices(), "devices", result);
        if (devices.fleet().tls() != null) {
            result.details().put("generator_tls_engine", devices.fleet().tls().engine());
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
            if (warm != null) {
                progress.phase("warmup");
                warmUp(gen, driver, warm, serverDied, result);
            }
            plan.coordination().warmedUp();
            ServerMemory.Sample before = memory.sample().withRss(rssBase.rssBytes());
            List<Map<String, Object>> passes = new ArrayList<>();
            for (int pass = 1; pass <= plan.passes(); pass++) {
                progress.phase(pass == 1 ? "connect" : "reconn" + pass);
                gen.collector.resetTotals();
                List<DeviceConnection> conns = devices.connections(gen, plan.deviceOffset());
                Map<String, Long> failures0 = gen.stats.failures();
                Map<String, Double> server0 = plan.access().serverCounters();
                long full0 = devices.fleet().fullHandshakes();
                CpuSample cpu0 = gen.cpu(ctx);
                MachineCpu machine0 = MachineCpu.sample();
                long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, ctx.durationSeconds()));
                ConnectDriver.Outcome outcome = driver.connectAll(conns, connectDeadline, serverDied);
                CpuSample cpu1 = gen.cpu(ctx);
                MachineCpu machine1 = MachineCpu.sample();
                long fullHandshakes = devices.fleet().fullHandshakes() - full0;
                Map<String, Double> serverCounters = PassReport.countersSince(server0, plan.access().serverCounters());
                if (pass == 1) {
                    plan.coordination().connected(outcome.ready(), outcome.failed() + outcome.pending());
                    if (plan.keepAliveSeconds() > 0) {
                        gen.registry.startKeepAlive();
                    }
                }
                CounterSnapshot s1 = gen.stats.snapshot();
                Histogram connectLatency = gen.collector.total(Latency.Kind.CONNECT);

                progress.phase("hold");
                Waits.sleep(SETTLE_NANOS, serverDied);
                ServerMemory.Sample held = pass == 1 ? memory.sample() : null;
                Waits.sleep(TimeUnit.SECONDS.toNanos(ctx.durationSeconds()), serverDied);
                CounterSnapshot s2 = gen.stats.snapshot();
                Map<String, Long> failures = PassReport.failuresSince(failures0, gen.stats.failures());
                ServerMemory.Sample end = pass == 1 ? memory.sample() : null;
                progress.phase("close");
                Teardown.disconnect(conns);

                ConnectTotals totals = new ConnectTotals(plan.devices(), outcome.ready(), outcome.failed(),
                        outcome.pending(), outcome.startNanos(), outcome.endNanos(), connectLatency,
                        cpu1.generatorSince(cpu0), cpu1.ioThreadsSince(cpu0), cpu1.serverSince(cpu0),
                        failures, s2.delta(s1, Counter.CONNECTION_LOST));
                if (pass == 1) {
                    report(result, totals, before, held, end, ctx.server().inProcess());
                    result.details().put("pings_during_hold", s2.delta(s1, Counter.PINGS));
                    exportForParent(result, totals);
                } else {
                    PassReport.reconnectFigures(result, pass, totals);
                }
                Map<String, Object> row = PassReport.pass(pass, totals, devices.fleet().tls() != null ? fullHandshakes : -1,
                        serverCounters);
                row.put("machine_cpu", PassReport.machine(machine0, machine1, totals));
                passes.add(row);
                if (pass < plan.passes()) {
                    Waits.sleep(SETTLE_NANOS, serverDied); // the server finishes closing the sessions
                }
            }
            if (plan.passes() > 1 || !plan.access().plain()) {
                result.details().put("passes", passes);
                PassReport.notes(result, plan.access(), passes);
            }
        }
    }

    /** A group of devices with everything they need to connect, possibly several times. */
    private record Group(Fleet fleet, List<byte[]> connects) {

        List<DeviceConnection> connections(Generator gen, int offset) {
            List<DeviceConnection> out = new ArrayList<>(fleet.size());
            for (int i = 0; i < fleet.size(); i++) {
                out.add(new DeviceConnection(gen.setup, offset + i, fleet.ids().get(i),
                        connects == null ? null : connects.get(i), fleet.tls(), fleet.tlsHost(), i));
            }
            return out;
        }
    }

    /** Ids for {@code count} devices of {@code role}, registered and given credentials as the plan says. */
    private Group enroll(Generator gen, char role, int count, String what, RunResult result)
            throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(ClientIds.of(ctx.runTag(), role, plan.deviceOffset() + i));
        }
        Fleet fleet = plan.access().enroll(ids, what, ctx.out(), result.details());
        List<byte[]> connects = null;
        if (fleet.tokens() != null) {
            connects = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = ids.get(i);
                connects.add(ConnectTemplate.encode(gen.encoder, id, plan.keepAliveSeconds(), id, fleet.tokens().get(i)));
            }
        }
        return new Group(fleet, connects);
    }

    /**
     * Connects and closes a smaller batch first, uncounted: a cold generator JVM spends most of its
     * first seconds compiling and loading classes, which would otherwise be the measured connect
     * rate (and a JVM server deserves the same warm-up). With credentials, the warm-up devices are
     * other registered devices, so the measured devices still meet a cold credential cache.
     *
     * <p>With later passes the batch also reconnects {@link #WARMUP_RECONNECT_ROUNDS} times: a
     * reconnect takes other paths than a first connect (a cached credential instead of a hash
     * check), and a JVM server compiled only for the first would spend the measured reconnect
     * passes compiling (a profile showed its compiler threads at a fifth of its CPU there).
     */
    private void warmUp(Generator gen, ConnectDriver driver, Group warm, BooleanSupplier serverDied, RunResult result)
            throws InterruptedException {
        int rounds = 1 + (plan.passes() > 1 ? WARMUP_RECONNECT_ROUNDS : 0);
        int connects = 0;
        for (int round = 0; round < rounds; round++) {
            if (round > 0) {
                Waits.sleep(SETTLE_NANOS, serverDied); // the server finishes closing the sessions
            }
            List<DeviceConnection> conns = warm.connections(gen, plan.deviceOffset());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            ConnectDriver.Outcome o = driver.connectAll(conns, deadline, serverDied);
            Teardown.disconnect(conns);
            connects += o.ready();
        }
        result.details().put("warmup_rounds", rounds);
        result.details().put("warmup_connects", connects);
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

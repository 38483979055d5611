package io.twinhub.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.bench.server.ServerLauncher;
import io.twinhub.bench.stats.CpuClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A {@code connect} run larger than one process may hold (open-file limit): the parent starts
 * child bench processes with disjoint device ranges, lines up their measured connect phases
 * (each child warms up, reports {@code @bench warm}, and waits for {@code go} on stdin), samples the
 * server's memory around them, and merges the children's results into one.
 */
public final class SplitConnect {

    static final String WARM = "@bench warm";
    static final String CONNECTED = "@bench connected";
    static final String GO = "go";

    private final RunContext ctx;
    private final int devices;
    private final int processes;
    private final IntFunction<List<String>> childArgs;
    private final Map<String, Object> config;

    /**
     * @param childArgs bench arguments of child i (its share of the devices, offset, --out file, …)
     */
    public SplitConnect(RunContext ctx, int devices, int processes, IntFunction<List<String>> childArgs,
                        Map<String, Object> config) {
        this.ctx = ctx;
        this.devices = devices;
        this.processes = processes;
        this.childArgs = childArgs;
        this.config = config;
    }

    /** Child i's share of the devices and its first index. */
    public static int[] share(int devices, int processes, int i) {
        int base = devices / processes;
        int extra = devices % processes;
        int count = base + (i < extra ? 1 : 0);
        int offset = i * base + Math.min(i, extra);
        return new int[] {count, offset};
    }

    public RunResult run(Path workDir) throws IOException, InterruptedException {
        RunResult result = new RunResult("connect", ctx.server().name());
        result.config().putAll(config);
        result.config().put("generator_processes", processes);
        Files.createDirectories(workDir);
        CountDownLatch warm = new CountDownLatch(processes);
        CountDownLatch connected = new CountDownLatch(processes);
        AtomicInteger ready = new AtomicInteger();
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try (ServerMemory memory = new ServerMemory(ctx.server())) {
            if (memory.problem() != null) {
                result.note(memory.problem());
            }
            ServerMemory.Sample rssBase = memory.sample();
            for (int i = 0; i < processes; i++) {
                Path out = workDir.resolve("child-" + i + ".json");
                outputs.add(out);
                List<String> cmd = new ArrayList<>(ServerLauncher.benchJavaCommand());
                cmd.addAll(childArgs.apply(i));
                cmd.addAll(List.of("--out", out.toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                children.add(p);
                Path log = workDir.resolve("child-" + i + ".log");
                Thread.ofPlatform().daemon().name("bench-child-" + i).start(() -> follow(p, log, warm, connected, ready));
            }
            ctx.out().println("connect: " + devices + " devices over " + processes + " generator processes (logs in "
                    + workDir + ")");
            if (!warm.await(180, TimeUnit.SECONDS)) {
                result.invalidate("child processes did not finish warming up within 180 s");
                return result;
            }
            ServerMemory.Sample before = memory.sample().withRss(rssBase.rssBytes());
            long srv0 = ctx.server().pid() < 0 ? -1 : CpuClock.processNanos(ctx.server().pid());
            for (Process p : children) {
                OutputStream in = p.getOutputStream();
                in.write((GO + "\n").getBytes(StandardCharsets.US_ASCII));
                in.flush();
            }
            ctx.out().println("connect: children warmed up; measured connect phase started");
            boolean allConnected = connected.await(Math.max(120, ctx.durationSeconds() + 60), TimeUnit.SECONDS);
            long srv1 = ctx.server().pid() < 0 ? -1 : CpuClock.processNanos(ctx.server().pid());
            ctx.out().println("connect: " + ready.get() + " of " + devices + " connected");
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ConnectEngine.SETTLE_NANOS));
            ServerMemory.Sample held = memory.sample();
            for (Process p : children) {
                if (!p.waitFor(ctx.durationSeconds() + 120L, TimeUnit.SECONDS)) {
                    result.invalidate("a child process did not finish in time");
                }
            }
            ServerMemory.Sample end = memory.sample();
            if (!allConnected) {
                result.note("not every child finished connecting in time");
            }
            List<ConnectTotals> parts = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                parts.add(readChild(outputs.get(i), share(devices, processes, i)[0], result, i));
            }
            long serverCpu = srv0 < 0 || srv1 < 0 ? -1 : srv1 - srv0;
            ConnectTotals totals = ConnectTotals.merge(parts, serverCpu);
            ConnectEngine.report(result, totals, before, held, end, false);
            result.note("merged from " + processes + " generator processes; server CPU measured by the parent "
                    + "over the whole connect phase");
            return result;
        } finally {
            for (Process p : children) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Copies a child's output to its log and turns its status lines into latch counts. */
    private static void follow(Process p, Path log, CountDownLatch warm, CountDownLatch connected, AtomicInteger ready) {
        boolean warmed = false;
        boolean done = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var w = Files.newBufferedWriter(log)) {
            for (String line; (line = r.readLine()) != null; ) {
                w.write(line);
                w.newLine();
                w.flush();
                if (line.equals(WARM) && !warmed) {
                    warmed = true;
                    warm.countDown();
                } else if (line.startsWith(CONNECTED) && !done) {
                    done = true;
                    ready.addAndGet(Integer.parseInt(line.substring(CONNECTED.length()).trim().split("\\s+")[0]));
                    connected.countDown();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the child is gone; the parent notices through the latches and its exit
        } finally {
            if (!warmed) {
                warm.countDown();
            }
            if (!done) {
                connected.countDown();
            }
        }
    }

    private static ConnectTotals readChild(Path file, int devices, RunResult result, int i) throws IOException {
        if (!Files.exists(file)) {
            result.invalidate("child " + i + " wrote no result (see its log)");
            return new ConnectTotals(devices, 0, 0, devices, Long.MAX_VALUE, Long.MIN_VALUE,
                    io.twinhub.bench.stats.Latency.newHistogram(), -1, -1, -1, Map.of(), 0);
        }
        JsonNode r = new ObjectMapper().readTree(file.toFile()).get("result");
        JsonNode f = r.get("figures");
        JsonNode d = r.get("details");
        if (!r.get("valid").asBoolean()) {
            result.note("child " + i + ": " + r.get("notes"));
        }
        Map<String, Long> failures = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : d.get("failures").properties()) {
            failures.put(e.getKey(), e.getValue().asLong());
        }
        int ready = f.at("/connected/value").asInt();
        int failed = f.at("/connect_failed/value").asInt() - d.get("pending_at_deadline").asInt();
        return new ConnectTotals(devices, ready, failed, d.get("pending_at_deadline").asInt(),
                d.get("connect_start_nanos").asLong(), d.get("connect_end_nanos").asLong(),
                ConnectEngine.decode(d.get("connect_latency_hdr").asText()),
                d.get("generator_cpu_nanos").asLong(), d.get("generator_io_cpu_nanos").asLong(), -1,
                failures, d.get("lost_during_hold").asLong());
    }
}

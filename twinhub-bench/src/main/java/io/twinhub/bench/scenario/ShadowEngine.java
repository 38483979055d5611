package io.twinhub.bench.scenario;

import io.twinhub.bench.client.BenchConnection;
import io.twinhub.bench.client.ConnectDriver;
import io.twinhub.bench.client.SendGate;
import io.twinhub.bench.client.ShadowApplication;
import io.twinhub.bench.client.ShadowDevice;
import io.twinhub.bench.client.ShadowTally;
import io.twinhub.bench.client.ShadowTopics;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.CounterSnapshot;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.Rates;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a device-shadow workload: connect and subscribe the devices, connect the applications,
 * warm up, drain, measure, drain, report. A phase ends only when every update request has been
 * answered (accepted or rejected), so the accepted rate counts updates the hub made durable and
 * answered, never requests still queued.
 */
public final class ShadowEngine {

    private static final Progress.Column ACCEPTED = new Progress.Column("confirmed_per_s", "accept/s", 9);
    private static final Progress.Column ACCEPTED_P50 = new Progress.Column("ack_p50_ms", "acc-p50", 8);
    private static final Progress.Column ACCEPTED_P99 = new Progress.Column("ack_p99_ms", "acc-p99", 8);
    private static final Progress.Column DELTA_P99 = new Progress.Column("e2e_p99_ms", "dlt-p99", 8);

    private final ShadowPlan plan;
    private final RunContext ctx;
    private final ShadowTally tally = new ShadowTally();

    public ShadowEngine(ShadowPlan plan, RunContext ctx) {
        this.plan = plan;
        this.ctx = ctx;
    }

    public RunResult run() throws InterruptedException {
        RunResult result = new RunResult("shadow", ctx.server().name());
        result.config().putAll(plan.config());
        plan.notes().forEach(result::note);
        if (ctx.server().inProcess()) {
            result.note("server runs in the generator's JVM: server CPU figures include the generator");
        }
        try (Generator gen = new Generator(ctx, plan.devices() + plan.applications(), plan.keepAliveSeconds())) {
            result.details().put("generator_transport", gen.transport.name());
            run(gen, result);
        }
        return result;
    }

    private void run(Generator gen, RunResult result) throws InterruptedException {
        BooleanSupplier serverDied = () -> !ctx.server().alive();
        SendGate gate = new SendGate();
        List<ShadowTopics> things = new ArrayList<>(plan.devices());
        List<ShadowApplication> apps = new ArrayList<>();
        List<ShadowDevice> devices = new ArrayList<>();
        int qos = plan.device().qos();
        for (int i = 0; i < plan.applications(); i++) {
            apps.add(new ShadowApplication(gen.setup, i, ClientIds.of(ctx.runTag(), 'a', i), things,
                    plan.desiredRate() / plan.applications(), plan.applications(), qos, plan.device().coalesceNanos(),
                    gate, tally));
        }
        for (int i = 0; i < plan.devices(); i++) {
            String thing = ClientIds.of(ctx.runTag(), 'd', i);
            ShadowTopics t = new ShadowTopics(plan.prefix(), thing);
            things.add(t);
            devices.add(new ShadowDevice(gen.setup, i, thing, t, t.subscribe(gen.encoder, qos, plan.device().delta()),
                    plan.device(), gate, tally, apps));
        }
        result.details().put("thing_ids", things.getFirst().base() + " … " + things.getLast().base());

        ConnectDriver driver = new ConnectDriver(gen.connector, gen.transport.loops(), ctx.connectConcurrency(), 0);
        long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Progress progress = new Progress(gen.stats, gen.collector, ctx.server(), ctx.out(), ctx.progress(),
                columns(), result.progress())) {
            progress.phase("connect");
            ConnectDriver.Outcome d = driver.connectAll(devices, connectDeadline, serverDied);
            ConnectDriver.Outcome a = driver.connectAll(apps, connectDeadline, serverDied);
            if (!d.complete() || !a.complete()) {
                result.invalidate("not every connection came up: devices " + d.ready() + "/" + devices.size()
                        + ", applications " + a.ready() + "/" + apps.size() + "; failures " + gen.stats.failures());
                disconnect(devices, apps);
                return;
            }
            if (plan.keepAliveSeconds() > 0) {
                gen.registry.startKeepAlive();
            }
            if (ctx.warmupSeconds() > 0) {
                progress.phase("warmup");
                Phase warm = phase(gen, gate, devices, apps, TimeUnit.SECONDS.toNanos(ctx.warmupSeconds()), serverDied);
                if (!warm.drained) {
                    result.invalidate("warm-up did not drain within " + ctx.drainTimeoutSeconds() + " s: "
                            + describeBacklog(gen) + waiting(devices));
                    disconnect(devices, apps);
                    return;
                }
            }
            gen.collector.resetTotals();
            tally.reset();
            progress.phase("measure");
            Phase measured = phase(gen, gate, devices, apps, TimeUnit.SECONDS.toNanos(ctx.durationSeconds()), serverDied);
            progress.phase("done");
            Histogram accepted = gen.collector.total(Latency.Kind.ACK);
            Histogram desired = gen.collector.total(Latency.Kind.DESIRED_ACK);
            Histogram delta = gen.collector.total(Latency.Kind.END_TO_END);
            String waiting = waiting(devices);
            disconnect(devices, apps);
            progress.close();
            report(gen, result, measured, accepted, desired, delta, waiting);
        }
    }

    private List<Progress.Column> columns() {
        List<Progress.Column> c = new ArrayList<>(List.of(Progress.CONNS, Progress.SENT, ACCEPTED, Progress.REJECTED,
                ACCEPTED_P50, ACCEPTED_P99));
        if (plan.applications() > 0 && plan.device().delta()) {
            c.add(DELTA_P99);
        }
        c.addAll(List.of(Progress.GEN_CPU, Progress.SRV_CPU));
        return c;
    }

    /** Timestamps and counters of one phase. */
    private static final class Phase {
        CounterSnapshot start;
        CpuSample cpuStart;
        long stopNanos;
        long answeredNanos;
        CounterSnapshot end;
        CpuSample cpuEnd;
        boolean drained;
    }

    private Phase phase(Generator gen, SendGate gate, List<ShadowDevice> devices, List<ShadowApplication> apps,
                        long nanos, BooleanSupplier serverDied) throws InterruptedException {
        Phase ph = new Phase();
        ph.cpuStart = gen.cpu(ctx);
        ph.start = gen.stats.snapshot();
        long origin = ph.start.nanos();
        gate.open();
        for (ShadowDevice dv : devices) {
            dv.executeOnLoop(() -> dv.startPhase(origin));
        }
        for (ShadowApplication ap : apps) {
            ap.executeOnLoop(() -> ap.startPhase(origin));
        }
        Waits.sleep(nanos, () -> serverDied.getAsBoolean()
                || gen.stats.get(Counter.CONNECTION_LOST) >= devices.size() + apps.size());
        gate.close();
        ph.stopNanos = gate.closedAtNanos();
        for (ShadowDevice dv : devices) {
            dv.executeOnLoop(dv::endPhase);
        }
        for (ShadowApplication ap : apps) {
            ap.executeOnLoop(ap::endPhase);
        }
        ph.drained = Waits.until(() -> answeredAll(gen), TimeUnit.SECONDS.toNanos(ctx.drainTimeoutSeconds()), serverDied);
        ph.answeredNanos = System.nanoTime();
        ph.end = gen.stats.snapshot();
        ph.cpuEnd = gen.cpu(ctx);
        return ph;
    }

    private boolean answeredAll(Generator gen) {
        long sent = gen.stats.get(Counter.SENT);
        long answered = gen.stats.get(Counter.CONFIRMED) + gen.stats.get(Counter.REJECTED)
                + gen.stats.get(Counter.UNCONFIRMED_LOST);
        long desired = tally.desiredAccepted() + tally.desiredRejected() + tally.desiredLost();
        return answered >= sent && desired >= tally.desiredSent();
    }

    private String describeBacklog(Generator gen) {
        String s = "update requests sent " + gen.stats.get(Counter.SENT) + ", accepted " + gen.stats.get(Counter.CONFIRMED)
                + ", rejected " + gen.stats.get(Counter.REJECTED) + "; desired sent " + tally.desiredSent()
                + ", answered " + (tally.desiredAccepted() + tally.desiredRejected())
                + "; lost connections " + gen.stats.get(Counter.CONNECTION_LOST);
        if (gen.stats.get(Counter.CONFIRMED) + gen.stats.get(Counter.REJECTED) == 0) {
            s += " — no shadow answer at all: does the server (" + ctx.server().name() + ") implement device shadows?";
        }
        return s;
    }

    /** Which devices still wait for answers (read after sending stopped, so the counts are settled). */
    private String waiting(List<ShadowDevice> devices) {
        long n = devices.stream().filter(dv -> dv.inflight() > 0).count();
        if (n == 0) {
            return "";
        }
        return "; " + n + " devices wait for " + devices.stream().mapToInt(ShadowDevice::inflight).sum()
                + " answers (e.g. " + devices.stream().filter(dv -> dv.inflight() > 0).findFirst().orElseThrow().clientId()
                + "); the hub acknowledged " + tally.requestAcks() + " requests";
    }

    private void report(Generator gen, RunResult result, Phase ph, Histogram accepted, Histogram desired,
                        Histogram delta, String waiting) {
        if (!ph.drained) {
            result.invalidate("not every update request was answered within " + ctx.drainTimeoutSeconds()
                    + " s after sending stopped: " + describeBacklog(gen) + waiting);
        }
        long sent = ph.end.delta(ph.start, Counter.SENT);
        long ok = ph.end.delta(ph.start, Counter.CONFIRMED);
        long rejected = ph.end.delta(ph.start, Counter.REJECTED);
        long window = ph.answeredNanos - ph.start.nanos();
        long sendWindow = ph.stopNanos - ph.start.nanos();
        result.figure("accepted_rate", "reported updates accepted", "updates/s", Rates.perSecond(ok, window), true);
        result.figure("rejected", "reported updates rejected", "", rejected, false);
        result.figure("accepted_p50", "accepted latency p50 (update → accepted)", "ms", Latency.percentileMillis(accepted, 50), false);
        result.figure("accepted_p99", "accepted latency p99", "ms", Latency.percentileMillis(accepted, 99), false);
        result.figure("accepted_p999", "accepted latency p99.9", "ms", Latency.percentileMillis(accepted, 99.9), false);
        result.figure("accepted_max", "accepted latency max", "ms", Latency.maxMillis(accepted), false);
        if (plan.device().withVersions()) {
            long conflicts = tally.rejections(ShadowTally.Sender.DEVICE, 409);
            result.figure("conflicts", "version conflicts (409)", "", conflicts, false);
            result.figure("conflicts_pct", "version conflicts / reported updates answered", "%",
                    ok + rejected == 0 ? Double.NaN : 100.0 * conflicts / (ok + rejected), false);
        }
        if (plan.applications() > 0) {
            result.figure("desired_accepted_rate", "desired updates accepted", "updates/s",
                    Rates.perSecond(tally.desiredAccepted(), window), true);
            result.figure("desired_p50", "desired update → accepted p50", "ms", Latency.percentileMillis(desired, 50), false);
            result.figure("desired_p99", "desired update → accepted p99", "ms", Latency.percentileMillis(desired, 99), false);
            if (plan.device().delta()) {
                result.figure("delta_p50", "desired update → device reads delta p50", "ms", Latency.percentileMillis(delta, 50), false);
                result.figure("delta_p99", "desired update → device reads delta p99", "ms", Latency.percentileMillis(delta, 99), false);
            }
        }
        long answered = ok + rejected + tally.desiredAccepted() + tally.desiredRejected();
        long cpuWall = ph.cpuEnd.wallNanos() - ph.cpuStart.wallNanos();
        long srvCpu = ph.cpuEnd.serverSince(ph.cpuStart);
        long genCpu = ph.cpuEnd.generatorSince(ph.cpuStart);
        result.figure("server_cpu_per_update", "server CPU per answered update", "us", Rates.microsPerEvent(srvCpu, answered), false);
        result.figure("generator_cpu_per_update", "generator CPU per answered update", "us", Rates.microsPerEvent(genCpu, answered), false);
        result.figure("generator_io_cpu_per_update", "generator I/O threads CPU per update (no JIT/GC)", "us",
                Rates.microsPerEvent(ph.cpuEnd.ioThreadsSince(ph.cpuStart), answered), false);
        result.figure("server_cores", "server CPU (cores busy)", "cores", Rates.cores(srvCpu, cpuWall), false);
        result.figure("generator_cores", "generator CPU (cores busy)", "cores", Rates.cores(genCpu, cpuWall), false);

        Map<String, Object> d = result.details();
        d.put("window_seconds", Map.of("sending", sendWindow / 1e9, "until_answered", window / 1e9));
        d.put("sent", sent);
        d.put("offered_rate", Rates.perSecond(sent, sendWindow));
        d.put("accepted", ok);
        d.put("rejected", rejected);
        d.put("rejections_by_code", tally.rejections());
        d.put("desired_sent", tally.desiredSent());
        d.put("desired_accepted", tally.desiredAccepted());
        d.put("desired_rejected", tally.desiredRejected());
        d.put("desired_behind", tally.desiredBehind());
        d.put("deltas_received", tally.deltas());
        d.put("setpoints_applied", tally.setpointsApplied());
        d.put("request_pubacks", tally.requestAcks());
        d.put("foreign_answers", tally.foreignAnswers());
        d.put("unmatched_answers", tally.unmatchedAnswers());
        for (Counter c : new Counter[] {Counter.BEHIND, Counter.UNCONFIRMED_LOST, Counter.CONNECTION_LOST,
                Counter.SERVER_DISCONNECTS, Counter.PINGS}) {
            d.put(c.name().toLowerCase(Locale.ROOT), ph.end.delta(ph.start, c));
        }
        d.put("failures", gen.stats.failures());
        d.put("accepted_latency_ms", Histograms.summary(accepted));
        d.put("desired_latency_ms", Histograms.summary(desired));
        d.put("delta_latency_ms", Histograms.summary(delta));

        if (rejected > 0) {
            result.note("rejections by code: " + tally.rejections());
        }
        long behind = ph.end.delta(ph.start, Counter.BEHIND);
        if (behind > 0) {
            result.note("open loop: " + behind + " reported updates were due but not sent (window full or generator behind)");
        }
        if (tally.desiredBehind() > 0) {
            result.note("open loop: " + tally.desiredBehind() + " desired updates were due but not sent "
                    + "(the application's 10 requests in flight were all waiting)");
        }
        if (tally.unmatchedAnswers() > 0) {
            result.note(tally.unmatchedAnswers() + " answers carried one of our client tokens but matched no request in flight");
        }
        long lost = ph.end.delta(ph.start, Counter.CONNECTION_LOST);
        if (lost > 0) {
            result.invalidate(lost + " connections were lost during the measured phase; failures " + gen.stats.failures());
        }
        if (srvCpu >= 0 && genCpu >= 0 && genCpu >= srvCpu && !ctx.server().inProcess()) {
            result.note("the generator used as much CPU as the server or more: the figure may be generator-bound");
        }
    }

    private static void disconnect(List<? extends BenchConnection> a, List<? extends BenchConnection> b)
            throws InterruptedException {
        Teardown.disconnect(a);
        Teardown.disconnect(b);
    }
}

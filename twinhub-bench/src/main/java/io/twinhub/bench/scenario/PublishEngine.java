package io.twinhub.bench.scenario;

import io.twinhub.bench.client.BenchConnection;
import io.twinhub.bench.client.ConnectDriver;
import io.twinhub.bench.client.PublishTemplate;
import io.twinhub.bench.client.PublisherConnection;
import io.twinhub.bench.client.SendGate;
import io.twinhub.bench.client.SubscribeTemplate;
import io.twinhub.bench.client.SubscriberConnection;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.CounterSnapshot;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.Rates;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a publish workload: connect subscribers, connect publishers, warm up, drain, measure,
 * drain, report.
 *
 * <p>Throughput is what the server confirmed, not what the generator wrote: every phase ends
 * with a barrier (all QoS 1/2 acks back; for QoS 0 a PINGREQ per connection answered), and the
 * measured window runs from the start of sending until the barrier completes. A phase starts
 * from a drained system, so no message of the previous phase is counted in the next one.
 */
public final class PublishEngine {

    private final PublishPlan plan;
    private final RunContext ctx;
    /** Telemetry runs: where the points end up; null otherwise. */
    private final TelemetryTally telemetry;

    public PublishEngine(PublishPlan plan, RunContext ctx) {
        this(plan, ctx, null);
    }

    public PublishEngine(PublishPlan plan, RunContext ctx, TelemetryTally telemetry) {
        this.plan = plan;
        this.ctx = ctx;
        this.telemetry = telemetry;
    }

    public RunResult run() throws InterruptedException {
        RunResult result = new RunResult(plan.scenario(), ctx.server().name());
        result.config().putAll(plan.config());
        plan.notes().forEach(result::note);
        if (ctx.server().inProcess()) {
            result.note("server runs in the generator's JVM: server CPU figures include the generator");
        }
        int total = plan.publishers() + plan.subscribers();
        try (Generator gen = new Generator(ctx, total, plan.keepAliveSeconds())) {
            result.details().put("generator_transport", gen.transport.name());
            result.details().put("source_addresses", gen.connector.sourceAddressCount());
            run(gen, result);
        }
        return result;
    }

    private void run(Generator gen, RunResult result) throws InterruptedException {
        BooleanSupplier serverDied = () -> !ctx.server().alive();
        long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);

        // Subscribers first, so they see every message.
        SubscribeTemplate subscribe = new SubscribeTemplate(gen.encoder, plan.subscribeFilter(), plan.qos());
        List<SubscriberConnection> subs = new ArrayList<>();
        for (int i = 0; i < plan.subscribers(); i++) {
            subs.add(new SubscriberConnection(plan.persistentSubscribers() ? gen.persistentSetup : gen.setup, i, ClientIds.of(ctx.runTag(), 's', i), subscribe, plan.codec()));
        }
        SendGate gate = new SendGate();
        List<PublisherConnection> pubs = new ArrayList<>();
        for (int i = 0; i < plan.publishers(); i++) {
            PublishTemplate t = new PublishTemplate(gen.encoder, plan.topicOf().apply(i), plan.qos(), plan.payload(), plan.codec());
            pubs.add(new PublisherConnection(gen.setup, i, ClientIds.of(ctx.runTag(), plan.publisherRole(), i), t,
                    plan.publisher(), gate));
        }
        if (!pubs.isEmpty()) {
            result.details().put("publish_packet_bytes", new PublishTemplate(gen.encoder, plan.topicOf().apply(0),
                    plan.qos(), plan.payload(), plan.codec()).size());
        }

        ConnectDriver driver = new ConnectDriver(gen.connector, gen.transport.loops(), ctx.connectConcurrency(), 0);
        List<Map<String, Object>> rows = result.progress();
        try (Progress progress = new Progress(gen.stats, gen.collector, ctx.server(), ctx.out(), ctx.progress(),
                columns(), rows)) {
            progress.phase("connect");
            ConnectDriver.Outcome s = driver.connectAll(subs, connectDeadline, serverDied);
            ConnectDriver.Outcome p = driver.connectAll(pubs, connectDeadline, serverDied);
            if (!s.complete() || !p.complete()) {
                result.invalidate("not every connection came up: subscribers " + s.ready() + "/" + subs.size()
                        + ", publishers " + p.ready() + "/" + pubs.size() + "; failures " + gen.stats.failures());
                disconnectAll(subs, pubs);
                return;
            }
            if (plan.keepAliveSeconds() > 0) {
                gen.registry.startKeepAlive();
            }

            if (ctx.warmupSeconds() > 0) {
                progress.phase("warmup");
                Phase warm = phase(gen, gate, pubs, TimeUnit.SECONDS.toNanos(ctx.warmupSeconds()), serverDied);
                if (!warm.drained) {
                    result.invalidate("warm-up did not drain within " + ctx.drainTimeoutSeconds() + " s: "
                            + describeBacklog(gen));
                    finish(gen, result, subs, pubs, null, progress);
                    return;
                }
            }
            gen.collector.resetTotals();
            progress.phase("measure");
            Phase measured = phase(gen, gate, pubs, TimeUnit.SECONDS.toNanos(ctx.durationSeconds()), serverDied);
            progress.phase("done");
            finish(gen, result, subs, pubs, measured, progress);
        }
    }

    private static List<Progress.Column> columns() {
        return List.of(Progress.CONNS, Progress.SENT, Progress.CONFIRMED, Progress.RECEIVED, Progress.ACK_P50,
                Progress.ACK_P99, Progress.E2E_P50, Progress.E2E_P99, Progress.GEN_CPU, Progress.SRV_CPU);
    }

    /** Timestamps and counters of one phase. */
    private static final class Phase {
        CounterSnapshot start;
        CpuSample cpuStart;
        long stopNanos;
        long confirmedNanos;
        long drainedNanos;
        CounterSnapshot end;
        CpuSample cpuEnd;
        boolean drained;
        boolean subscribersComplete;
        TelemetryTally.Snapshot storedStart;
        /** Null when the node did not finish storing in time. */
        TelemetryTally.Snapshot storedEnd;
    }

    /** Sends for {@code nanos}, then stops and waits for the server to confirm everything. */
    private Phase phase(Generator gen, SendGate gate, List<PublisherConnection> pubs, long nanos,
                        BooleanSupplier serverDied) throws InterruptedException {
        Phase ph = new Phase();
        if (telemetry != null) {
            ph.storedStart = readTelemetry();
        }
        ph.cpuStart = gen.cpu(ctx);
        ph.start = gen.stats.snapshot();
        long origin = ph.start.nanos();
        gate.open();
        for (PublisherConnection p : pubs) {
            p.executeOnLoop(() -> p.startPhase(origin));
        }
        Waits.sleep(nanos, () -> serverDied.getAsBoolean() || allLost(gen, pubs.size()));
        gate.close();
        ph.stopNanos = gate.closedAtNanos();
        for (PublisherConnection p : pubs) {
            p.executeOnLoop(p::endPhase);
        }
        long timeout = TimeUnit.SECONDS.toNanos(ctx.drainTimeoutSeconds());
        ph.drained = Waits.until(() -> confirmedAll(gen), timeout, serverDied);
        ph.confirmedNanos = System.nanoTime();
        ph.subscribersComplete = drainSubscribers(gen, timeout, serverDied, ph);
        ph.end = gen.stats.snapshot();
        ph.cpuEnd = gen.cpu(ctx);
        if (telemetry != null && ph.drained) {
            try {
                ph.storedEnd = telemetry.settle(timeout, serverDied);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("reading the node's telemetry counters: " + e.getMessage(), e);
            }
            ph.drained = ph.storedEnd != null;
        }
        return ph;
    }

    private TelemetryTally.Snapshot readTelemetry() throws InterruptedException {
        try {
            return telemetry.read();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading the node's telemetry counters: " + e.getMessage(), e);
        }
    }

    private static boolean confirmedAll(Generator gen) {
        long sent = gen.stats.get(Counter.SENT);
        return gen.stats.get(Counter.CONFIRMED) + gen.stats.get(Counter.UNCONFIRMED_LOST) >= sent;
    }

    private static boolean allLost(Generator gen, int publishers) {
        return publishers > 0 && gen.stats.get(Counter.CONNECTION_LOST) >= publishers;
    }

    /**
     * Waits until every subscriber has every confirmed message, or nothing arrived for a second
     * (QoS 0 may be dropped for slow subscribers), bounded by {@code timeout}. Records when the
     * last message arrived.
     */
    private boolean drainSubscribers(Generator gen, long timeout, BooleanSupplier serverDied, Phase ph)
            throws InterruptedException {
        ph.drainedNanos = ph.confirmedNanos;
        if (plan.subscribers() == 0 || !ctx.server().routes()) {
            return true;
        }
        long expected = gen.stats.get(Counter.CONFIRMED) * plan.subscribers();
        long deadline = System.nanoTime() + timeout;
        long lastCount = gen.stats.get(Counter.RECEIVED);
        long lastChange = System.nanoTime();
        while (true) {
            long count = gen.stats.get(Counter.RECEIVED);
            long now = System.nanoTime();
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
                ph.drainedNanos = now;
            }
            if (count >= expected) {
                ph.drainedNanos = Math.max(ph.drainedNanos, ph.confirmedNanos);
                return true;
            }
            if (now - lastChange > 1_000_000_000L || now > deadline || serverDied.getAsBoolean()) {
                return false;
            }
            Thread.sleep(1);
        }
    }

    private String describeBacklog(Generator gen) {
        return "sent " + gen.stats.get(Counter.SENT) + ", confirmed " + gen.stats.get(Counter.CONFIRMED)
                + ", lost connections " + gen.stats.get(Counter.CONNECTION_LOST);
    }

    private void finish(Generator gen, RunResult result, List<SubscriberConnection> subs,
                        List<PublisherConnection> pubs, Phase ph, Progress progress) throws InterruptedException {
        Histogram ack = gen.collector.total(Latency.Kind.ACK);
        Histogram e2e = gen.collector.total(Latency.Kind.END_TO_END);
        disconnectAll(subs, pubs);
        progress.close();
        if (ph == null) {
            return;
        }
        if (!ph.drained) {
            result.invalidate("the server did not confirm " + (telemetry != null && telemetry.stores() ? "and store " : "")
                    + "every message within " + ctx.drainTimeoutSeconds() + " s after sending stopped: "
                    + describeBacklog(gen));
        }
        long sent = ph.end.delta(ph.start, Counter.SENT);
        long confirmed = ph.end.delta(ph.start, Counter.CONFIRMED);
        long received = ph.end.delta(ph.start, Counter.RECEIVED);
        long ingestWindow = ph.confirmedNanos - ph.start.nanos();
        long deliverWindow = ph.drainedNanos - ph.start.nanos();
        long sendWindow = ph.stopNanos - ph.start.nanos();

        double ingest = Rates.perSecond(confirmed, ingestWindow);
        result.figure("ingest_rate", "ingest (server-confirmed)", "msg/s", ingest, true);
        if (telemetry != null && ph.storedEnd != null) {
            telemetry.report(result, ph.storedStart, ph.storedEnd, confirmed, ingestWindow);
        }
        boolean delivers = plan.subscribers() > 0 && ctx.server().routes();
        if (plan.subscribers() > 0 && !delivers) {
            result.note(ctx.server().name() + " routes nothing: subscriber figures do not apply, ingest still does");
        }
        if (delivers) {
            result.figure("delivered_rate", "delivered to subscribers", "msg/s", Rates.perSecond(received, deliverWindow), true);
            double ratio = confirmed == 0 ? Double.NaN : 100.0 * received / ((double) confirmed * plan.subscribers());
            result.figure("delivered_pct", "delivered / (confirmed × subscribers)", "%", ratio, true);
        }
        if (plan.qos() > 0) {
            result.figure("ack_p50", "PUBACK latency p50", "ms", Latency.percentileMillis(ack, 50), false);
            result.figure("ack_p99", "PUBACK latency p99", "ms", Latency.percentileMillis(ack, 99), false);
            result.figure("ack_p999", "PUBACK latency p99.9", "ms", Latency.percentileMillis(ack, 99.9), false);
            result.figure("ack_max", "PUBACK latency max", "ms", Latency.maxMillis(ack), false);
        }
        if (delivers) {
            result.figure("e2e_p50", "end-to-end latency p50", "ms", Latency.percentileMillis(e2e, 50), false);
            result.figure("e2e_p99", "end-to-end latency p99", "ms", Latency.percentileMillis(e2e, 99), false);
            result.figure("e2e_max", "end-to-end latency max", "ms", Latency.maxMillis(e2e), false);
        }
        long cpuWall = ph.cpuEnd.wallNanos() - ph.cpuStart.wallNanos();
        long srvCpu = ph.cpuEnd.serverSince(ph.cpuStart);
        long genCpu = ph.cpuEnd.generatorSince(ph.cpuStart);
        result.figure("server_cpu_per_msg", "server CPU per ingested message", "us", Rates.microsPerEvent(srvCpu, confirmed), false);
        result.figure("generator_cpu_per_msg", "generator CPU per ingested message", "us", Rates.microsPerEvent(genCpu, confirmed), false);
        result.figure("generator_io_cpu_per_msg", "generator I/O threads CPU per message (no JIT/GC)", "us",
                Rates.microsPerEvent(ph.cpuEnd.ioThreadsSince(ph.cpuStart), confirmed), false);
        result.figure("server_cores", "server CPU (cores busy)", "cores", Rates.cores(srvCpu, cpuWall), false);
        result.figure("generator_cores", "generator CPU (cores busy)", "cores", Rates.cores(genCpu, cpuWall), false);

        Map<String, Object> d = result.details();
        d.put("window_seconds", Map.of("sending", sendWindow / 1e9, "until_confirmed", ingestWindow / 1e9,
                "until_delivered", deliverWindow / 1e9));
        d.put("sent", sent);
        d.put("offered_rate", Rates.perSecond(sent, sendWindow));
        d.put("confirmed", confirmed);
        d.put("received", received);
        for (Counter c : new Counter[] {Counter.BEHIND, Counter.GAPS, Counter.OUT_OF_ORDER, Counter.ACK_ERRORS,
                Counter.UNKNOWN_ACKS, Counter.UNCONFIRMED_LOST, Counter.CONNECTION_LOST, Counter.SERVER_DISCONNECTS,
                Counter.PINGS}) {
            d.put(c.name().toLowerCase(java.util.Locale.ROOT), ph.end.delta(ph.start, c));
        }
        d.put("failures", gen.stats.failures());
        d.put("ack_latency_ms", Histograms.summary(ack));
        d.put("e2e_latency_ms", Histograms.summary(e2e));

        if (delivers && !ph.subscribersComplete) {
            // Not an invalid run: brokers drop on purpose when a subscriber's queue is full
            // (twinhub and Mosquitto both default to 10,000 queued messages), and QoS 0 may be
            // dropped for slow subscribers. The delivered figure shows it; the note says how much.
            long missing = confirmed * plan.subscribers() - received;
            result.note("subscribers received " + received + " of " + confirmed * plan.subscribers()
                    + " messages (" + missing + " not delivered; "
                    + (plan.qos() > 0 ? "QoS " + plan.qos() + ": dropped by the server, e.g. a full subscriber queue, or lost"
                    : "QoS 0: the server may drop for slow subscribers") + ")");
        }
        long behind = ph.end.delta(ph.start, Counter.BEHIND);
        if (behind > 0) {
            result.note("open loop: " + behind + " messages were due but not sent (generator or server could not keep up)");
        }
        long lost = ph.end.delta(ph.start, Counter.CONNECTION_LOST);
        if (lost > 0) {
            result.invalidate(lost + " connections were lost during the measured phase; failures " + gen.stats.failures());
        }
        long gaps = ph.end.delta(ph.start, Counter.GAPS) + ph.end.delta(ph.start, Counter.OUT_OF_ORDER);
        if (gaps > 0) {
            result.note("sequence check: " + ph.end.delta(ph.start, Counter.GAPS) + " missing and "
                    + ph.end.delta(ph.start, Counter.OUT_OF_ORDER) + " out-of-order messages at subscribers");
        }
        if (srvCpu >= 0 && genCpu >= 0 && genCpu >= srvCpu && !ctx.server().inProcess()) {
            result.note("the generator used as much CPU as the server or more: the figure may be generator-bound");
        }
    }

    private static void disconnectAll(List<? extends BenchConnection> a, List<? extends BenchConnection> b)
            throws InterruptedException {
        Teardown.disconnect(a);
        Teardown.disconnect(b);
    }
}

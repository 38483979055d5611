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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a publish workload: connect subscribers, connect publishers, warm up, measure, drain,
 * report.
 *
 * <p>Throughput is what the server confirmed, not what the generator wrote: the measured phase
 * ends with a barrier (all QoS 1/2 acks back; for QoS 0 a PINGREQ per connection answered), and
 * the measured window runs from the start of sending until the barrier completes.
 *
 * <p>Closed loop: the warm-up ends with a barrier too, and the measured phase starts from a drained
 * system, so no message of the warm-up is counted in it. Open loop: the warm-up runs straight into
 * the measured window on the same schedule. Stopping in between would make the window begin with a
 * jump from idle to the full rate on empty queues, and the latencies of that restart would dominate
 * a p99 that is meant to describe steady load at the offered rate. At the switch the latency totals
 * are reset and the window's baselines taken; messages written before it count as the warm-up's
 * (see {@code Phase.sent} and {@code Phase.confirmed}).
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
        boolean continuous = warmUpRunsIntoMeasurement();
        result.details().put("warmup_continuous", continuous);
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

            Phase measured = continuous
                    ? warmUpIntoMeasurement(gen, gate, pubs, progress, serverDied)
                    : drainedPhases(gen, gate, pubs, progress, serverDied, result);
            if (measured != null) {
                progress.phase("done");
            }
            finish(gen, result, subs, pubs, measured, progress);
        }
    }

    /**
     * Closed loop, or no warm-up: the warm-up (if any) and the measured phase each from a drained
     * system. Null when the warm-up did not drain; the run is invalid then.
     */
    private Phase drainedPhases(Generator gen, SendGate gate, List<PublisherConnection> pubs, Progress progress,
                                BooleanSupplier serverDied, RunResult result) throws InterruptedException {
        if (ctx.warmupSeconds() > 0) {
            progress.phase("warmup");
            Phase warm = phase(gen, gate, pubs, seconds(ctx.warmupSeconds()), serverDied);
            if (!warm.drained) {
                result.invalidate("warm-up did not drain within " + ctx.drainTimeoutSeconds() + " s: "
                        + describeBacklog(gen));
                return null;
            }
        }
        gen.collector.resetTotals();
        progress.phase("measure");
        return phase(gen, gate, pubs, seconds(ctx.durationSeconds()), serverDied);
    }

    /** Open loop with a warm-up: the warm-up runs straight into the measured window (see the class comment). */
    private boolean warmUpRunsIntoMeasurement() {
        return plan.publisher().openLoop() && ctx.warmupSeconds() > 0;
    }

    private static long seconds(int s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    private static List<Progress.Column> columns() {
        return List.of(Progress.CONNS, Progress.SENT, Progress.CONFIRMED, Progress.RECEIVED, Progress.ACK_P50,
                Progress.ACK_P99, Progress.E2E_P50, Progress.E2E_P99, Progress.GEN_CPU, Progress.SRV_CPU);
    }

    /** Timestamps and counters of one phase. */
    private static final class Phase {
        /** The warm-up ran straight into this phase; each publisher marked where the phase began. */
        final boolean continuous;
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

        Phase(boolean continuous) {
            this.continuous = continuous;
        }

        /**
         * PUBLISH packets written in the phase. After a continuous warm-up the phase begins at
         * each publisher's mark, which counted what the publisher had written before it.
         */
        long sent() {
            return continuous ? end.get(Counter.SENT) - end.get(Counter.SENT_BEFORE_MEASURED)
                    : end.delta(start, Counter.SENT);
        }

        /**
         * Confirmed messages written in the phase. After a continuous warm-up, confirmations of
         * warm-up messages keep arriving after the switch — for QoS 0 a PINGRESP may confirm a whole
         * window at once — and must not inflate the figure. Every warm-up message is confirmed by
         * the end of a drained run (otherwise the run is invalid), so the phase's confirmed messages
         * are the total less the warm-up's.
         */
        long confirmed() {
            return continuous ? Math.max(0, end.get(Counter.CONFIRMED) - end.get(Counter.SENT_BEFORE_MEASURED))
                    : end.delta(start, Counter.CONFIRMED);
        }
    }

    /** Sends for {@code nanos}, then stops and waits for the server to confirm everything. */
    private Phase phase(Generator gen, SendGate gate, List<PublisherConnection> pubs, long nanos,
                        BooleanSupplier serverDied) throws InterruptedException {
        Phase ph = begin(gen, false);
        startSending(gate, pubs, ph.start.nanos());
        send(gen, pubs, nanos, serverDied);
        stopAndDrain(gen, gate, pubs, ph, serverDied);
        return ph;
    }

    /**
     * Open loop: the warm-up and the measured phase on one schedule, with no barrier in between,
     * so the measured window sees the steady state at the offered rate. At the switch only the
     * bookkeeping restarts: latency totals, baselines, and each publisher's mark. Acks of warm-up
     * messages that arrive after it are recorded in the measured latencies: they are latencies at
     * the same steady load, and leaving them out would drop exactly the slowest messages in flight
     * at the switch.
     */
    private Phase warmUpIntoMeasurement(Generator gen, SendGate gate, List<PublisherConnection> pubs,
                                        Progress progress, BooleanSupplier serverDied) throws InterruptedException {
        progress.phase("warmup");
        startSending(gate, pubs, System.nanoTime());
        send(gen, pubs, seconds(ctx.warmupSeconds()), serverDied);
        Phase ph = begin(gen, true);
        progress.phase("measure");
        for (PublisherConnection p : pubs) {
            p.executeOnLoop(p::markMeasuredStart);
        }
        send(gen, pubs, seconds(ctx.durationSeconds()), serverDied);
        stopAndDrain(gen, gate, pubs, ph, serverDied);
        return ph;
    }

    /** The baselines a phase's figures are measured from. */
    private Phase begin(Generator gen, boolean continuous) throws InterruptedException {
        Phase ph = new Phase(continuous);
        if (telemetry != null) {
            ph.storedStart = readTelemetry();
        }
        ph.cpuStart = gen.cpu(ctx);
        if (continuous) {
            // Sending goes on while the slow reads above run: resetting the latency totals next to
            // the counters' snapshot makes both cover the same window.
            gen.collector.resetTotals();
        }
        ph.start = gen.stats.snapshot();
        return ph;
    }

    private static void startSending(SendGate gate, List<PublisherConnection> pubs, long originNanos) {
        gate.open();
        for (PublisherConnection p : pubs) {
            p.executeOnLoop(() -> p.startPhase(originNanos));
        }
    }

    /** Lets the publishers send for {@code nanos}, or less if the server dies or every publisher is lost. */
    private static void send(Generator gen, List<PublisherConnection> pubs, long nanos, BooleanSupplier serverDied)
            throws InterruptedException {
        Waits.sleep(nanos, () -> serverDied.getAsBoolean() || allLost(gen, pubs.size()));
    }

    /** Closes the gate, writes every publisher's barrier and waits until everything is confirmed (and stored). */
    private void stopAndDrain(Generator gen, SendGate gate, List<PublisherConnection> pubs, Phase ph,
                              BooleanSupplier serverDied) throws InterruptedException {
        gate.close();
        ph.stopNanos = gate.closedAtNanos();
        CountDownLatch ended = endPhase(pubs);
        long timeout = TimeUnit.SECONDS.toNanos(ctx.drainTimeoutSeconds());
        ph.drained = Waits.until(() -> confirmedAll(gen), timeout, serverDied);
        ph.confirmedNanos = System.nanoTime();
        ph.subscribersComplete = drainSubscribers(gen, timeout, serverDied, ph);
        // When the server confirmed everything before the loops ran endPhase, the snapshot would
        // otherwise miss what the publishers fell behind.
        ended.await(timeout, TimeUnit.NANOSECONDS);
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
    }

    /** Ends every publisher's phase on its loop; the latch opens once all of them have. */
    private static CountDownLatch endPhase(List<PublisherConnection> pubs) {
        CountDownLatch ended = new CountDownLatch(pubs.size());
        for (PublisherConnection p : pubs) {
            Runnable end = () -> {
                try {
                    p.endPhase();
                } finally {
                    ended.countDown();
                }
            };
            if (!p.executeOnLoop(end)) {
                ended.countDown();
            }
        }
        return ended;
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
        long sent = ph.sent();
        long confirmed = ph.confirmed();
        // Arrivals in the window. After a continuous warm-up they include the few warm-up messages
        // still on their way to subscribers (or the store) at the switch: a handful at steady load.
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

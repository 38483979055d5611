package io.twinhub.bench.scenario;

import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.stats.Collector;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.CounterSnapshot;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.MemoryProbe;
import io.twinhub.bench.stats.Rates;
import io.twinhub.bench.stats.Stats;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints one table row per second while a scenario runs and keeps the rows for the JSON file.
 * Rates are deltas between consecutive snapshots; latencies are that second's histograms.
 */
final class Progress implements AutoCloseable {

    /** A column: JSON key, header, width. */
    record Column(String key, String header, int width) { }

    static final Column CONNS = new Column("connections", "conns", 7);
    static final Column CONNECT_RATE = new Column("connects_per_s", "conn/s", 8);
    static final Column FAILED = new Column("failed", "failed", 7);
    static final Column CONNECT_P50 = new Column("connect_p50_ms", "c-p50ms", 8);
    static final Column CONNECT_P99 = new Column("connect_p99_ms", "c-p99ms", 8);
    static final Column SENT = new Column("sent_per_s", "sent/s", 9);
    static final Column CONFIRMED = new Column("confirmed_per_s", "confirm/s", 9);
    static final Column REJECTED = new Column("rejected_per_s", "reject/s", 9);
    static final Column RECEIVED = new Column("received_per_s", "recv/s", 9);
    static final Column ACK_P50 = new Column("ack_p50_ms", "ack-p50", 8);
    static final Column ACK_P99 = new Column("ack_p99_ms", "ack-p99", 8);
    static final Column E2E_P50 = new Column("e2e_p50_ms", "e2e-p50", 8);
    static final Column E2E_P99 = new Column("e2e_p99_ms", "e2e-p99", 8);
    static final Column GEN_CPU = new Column("generator_cpu_pct", "gen-cpu", 7);
    static final Column SRV_CPU = new Column("server_cpu_pct", "srv-cpu", 7);
    static final Column SRV_RSS = new Column("server_rss_mib", "srv-MiB", 8);

    private final Stats stats;
    private final Collector collector;
    private final ServerHandle server;
    private final PrintStream out;
    private final boolean print;
    private final List<Column> columns;
    private final List<Map<String, Object>> rows;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile String phase = "setup";
    private volatile boolean stopped;

    private CounterSnapshot last;
    private CpuSample lastCpu;
    private int printed;

    Progress(Stats stats, Collector collector, ServerHandle server, PrintStream out, boolean print,
             List<Column> columns, List<Map<String, Object>> rows) {
        this.stats = stats;
        this.collector = collector;
        this.server = server;
        this.out = out;
        this.print = print;
        this.columns = columns;
        this.rows = rows;
        this.last = stats.snapshot();
        this.lastCpu = CpuSample.take(server);
        this.thread = Thread.ofPlatform().daemon().name("bench-progress").start(this::loop);
    }

    void phase(String p) {
        phase = p;
    }

    private void loop() {
        long next = startNanos + 1_000_000_000L;
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            next += 1_000_000_000L;
            tick();
        }
    }

    private synchronized void tick() {
        CounterSnapshot now = stats.snapshot();
        CpuSample cpu = CpuSample.take(server);
        Map<Latency.Kind, Histogram> h = collector.tick();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("t", Math.round((now.nanos() - startNanos) / 1e8) / 10.0);
        row.put("phase", phase);
        row.put(CONNS.key(), now.get(Counter.CONNECTED) - now.get(Counter.CONNECTION_LOST) - now.get(Counter.DISCONNECTED));
        row.put(CONNECT_RATE.key(), now.rate(last, Counter.CONNECTED));
        row.put(FAILED.key(), now.get(Counter.CONNECT_FAILED));
        row.put(CONNECT_P50.key(), Latency.percentileMillis(h.get(Latency.Kind.CONNECT), 50));
        row.put(CONNECT_P99.key(), Latency.percentileMillis(h.get(Latency.Kind.CONNECT), 99));
        row.put(SENT.key(), now.rate(last, Counter.SENT));
        row.put(CONFIRMED.key(), now.rate(last, Counter.CONFIRMED));
        row.put(RECEIVED.key(), now.rate(last, Counter.RECEIVED));
        row.put(REJECTED.key(), now.rate(last, Counter.REJECTED));
        row.put(ACK_P50.key(), Latency.percentileMillis(h.get(Latency.Kind.ACK), 50));
        row.put(ACK_P99.key(), Latency.percentileMillis(h.get(Latency.Kind.ACK), 99));
        row.put(E2E_P50.key(), Latency.percentileMillis(h.get(Latency.Kind.END_TO_END), 50));
        row.put(E2E_P99.key(), Latency.percentileMillis(h.get(Latency.Kind.END_TO_END), 99));
        long wall = cpu.wallNanos() - lastCpu.wallNanos();
        row.put(GEN_CPU.key(), 100 * Rates.cores(cpu.generatorSince(lastCpu), wall));
        row.put(SRV_CPU.key(), 100 * Rates.cores(cpu.serverSince(lastCpu), wall));
        long rss = server.pid() < 0 ? -1 : MemoryProbe.rssBytes(server.pid());
        row.put(SRV_RSS.key(), rss < 0 ? Double.NaN : rss / 1048576.0);
        last = now;
        lastCpu = cpu;
        rows.add(row);
        if (print) {
            if (printed % 20 == 0) {
                out.println(header());
            }
            printed++;
            out.println(format(row));
            out.flush();
        }
    }

    private String header() {
        StringBuilder sb = new StringBuilder(String.format("%6s  %-8s", "time", "phase"));
        for (Column c : columns) {
            sb.append(' ').append(pad(c.header(), c.width()));
        }
        return sb.toString();
    }

    private String format(Map<String, Object> row) {
        StringBuilder sb = new StringBuilder(String.format("%5.0fs  %-8s", (Double) row.get("t"), row.get("phase")));
        for (Column c : columns) {
            sb.append(' ').append(pad(Format.cell(c.key(), row.get(c.key())), c.width()));
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

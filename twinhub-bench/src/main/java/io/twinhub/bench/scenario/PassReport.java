package io.twinhub.bench.scenario;

import io.twinhub.bench.access.AuthMode;
import io.twinhub.bench.access.DeviceAccess;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.MachineCpu;
import io.twinhub.bench.stats.Rates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-pass part of a connect run's report: the first pass is reported as the scenario always
 * was ({@link ConnectEngine#report}); every pass also gets a row in {@code details.passes}, and
 * later passes get their own headline figures (pass 2: {@code reconnect_*}).
 */
final class PassReport {

    private PassReport() { }

    /** Figures of a reconnect pass: {@code reconnect_*} for pass 2, {@code pass<N>_*} after it. */
    static void reconnectFigures(RunResult result, int pass, ConnectTotals t) {
        String key = pass == 2 ? "reconnect" : "pass" + pass;
        String label = pass == 2 ? "reconnect (pass 2)" : "pass " + pass;
        long window = t.endNanos() - t.startNanos();
        result.figure(key + "_rate", label + ": connect rate", "conn/s", Rates.perSecond(t.ready(), window), true);
        result.figure(key + "_p50", label + ": connect latency p50", "ms", Latency.percentileMillis(t.latency(), 50), false);
        result.figure(key + "_p99", label + ": connect latency p99", "ms", Latency.percentileMillis(t.latency(), 99), false);
        result.figure(key + "_failed", label + ": connects failed", "", t.failed() + t.pending(), false);
        result.figure(key + "_server_cpu_per_connect", label + ": server CPU per connect", "us",
                Rates.microsPerEvent(t.serverCpuNanos(), t.ready()), false);
        if (t.failed() + t.pending() > 0) {
            result.invalidate("pass " + pass + ": " + (t.failed() + t.pending()) + " of " + t.devices()
                    + " devices did not connect: " + t.failures());
        }
        if (t.lostDuringHold() > 0) {
            result.invalidate("pass " + pass + ": " + t.lostDuringHold() + " connections were lost while holding");
        }
    }

    /**
     * One row of {@code details.passes}.
     *
     * @param fullHandshakes full TLS handshakes of the pass, -1 without TLS
     * @param serverCounters what the node's authentication and TLS counters grew by (may be empty)
     */
    static Map<String, Object> pass(int pass, ConnectTotals t, long fullHandshakes, Map<String, Double> serverCounters) {
        long window = t.endNanos() - t.startNanos();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pass", pass);
        m.put("connected", t.ready());
        m.put("failed", t.failed() + t.pending());
        m.put("connect_rate", Rates.perSecond(t.ready(), window));
        m.put("connect_window_seconds", window / 1e9);
        m.put("connect_latency_ms", Histograms.summary(t.latency()));
        m.put("server_cpu_per_connect_us", Rates.microsPerEvent(t.serverCpuNanos(), t.ready()));
        m.put("generator_cpu_per_connect_us", Rates.microsPerEvent(t.generatorCpuNanos(), t.ready()));
        if (fullHandshakes >= 0) {
            m.put("tls_full_handshakes", fullHandshakes);
            m.put("tls_resumed", Math.max(0, t.ready() - fullHandshakes));
        }
        if (!serverCounters.isEmpty()) {
            m.put("server_counters", serverCounters);
        }
        m.put("failures", t.failures());
        return m;
    }

    /**
     * What the whole machine did during a pass's connect phase: cores busy, the part neither the
     * server nor the generator used (other people's work on a shared machine), and steal.
     */
    static Map<String, Object> machine(MachineCpu before, MachineCpu after, ConnectTotals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!before.known() || !after.known()) {
            return m;
        }
        long wall = after.wallNanos() - before.wallNanos();
        double busy = after.busyCoresSince(before);
        m.put("busy_cores", busy);
        if (t.serverCpuNanos() >= 0 && t.generatorCpuNanos() >= 0) {
            m.put("other_processes_cores", busy - Rates.cores(t.serverCpuNanos() + t.generatorCpuNanos(), wall));
        }
        m.put("steal_percent", after.stealPercentSince(before));
        return m;
    }

    /** One note per pass: what it measured, in words a reader of the summary needs. */
    static void notes(RunResult result, DeviceAccess access, List<Map<String, Object>> passes) {
        for (Map<String, Object> p : passes) {
            StringBuilder sb = new StringBuilder("pass " + p.get("pass") + ": ");
            sb.append(Format.count(((Number) p.get("connect_rate")).doubleValue())).append(" conn/s");
            @SuppressWarnings("unchecked")
            Map<String, Object> lat = (Map<String, Object>) p.get("connect_latency_ms");
            if (lat.containsKey("p50")) {
                sb.append(", p50 ").append(Format.value((Double) lat.get("p50"), "ms"))
                        .append(", p99 ").append(Format.value((Double) lat.get("p99"), "ms"));
            }
            if (p.containsKey("tls_full_handshakes")) {
                sb.append(", TLS: ").append(p.get("tls_full_handshakes")).append(" full handshakes, ")
                        .append(p.get("tls_resumed")).append(" resumed");
            }
            @SuppressWarnings("unchecked")
            Map<String, Double> c = (Map<String, Double>) p.get("server_counters");
            if (c != null && access.mode() != AuthMode.NONE) {
                sb.append(", node: ").append(count(c, "twinhub_auth_attempts_total{result=\"accepted\"}"))
                        .append(" accepted");
                if (access.mode() == AuthMode.TOKENS) {
                    sb.append(" (").append(count(c, "twinhub_auth_hash_checks_total")).append(" hash checks, ")
                            .append(count(c, "twinhub_auth_cache_hits_total")).append(" from the cache)");
                }
                long busy = count(c, "twinhub_auth_attempts_total{result=\"busy\"}");
                if (busy > 0) {
                    sb.append(", ").append(busy).append(" refused as busy");
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> machine = (Map<String, Object>) p.get("machine_cpu");
            if (machine != null && machine.get("other_processes_cores") instanceof Double others) {
                sb.append(String.format(java.util.Locale.ROOT, ", other processes %.2f cores, steal %.1f%%",
                        others, (Double) machine.get("steal_percent")));
            }
            result.note(sb.toString());
        }
    }

    private static long count(Map<String, Double> c, String key) {
        return Math.round(c.getOrDefault(key, 0.0));
    }

    /** What each failure reason's count grew by between two readings. */
    static Map<String, Long> failuresSince(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    /** What each of the node's counters grew by between two readings. */
    static Map<String, Double> countersSince(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}

package io.twinhub.bench.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shadow scenario's own counts, beside the generic {@link io.twinhub.bench.stats.Stats}:
 * rejections by code (device reports and application desired updates apart), the application's
 * requests and answers, deltas. Updated from every event loop, summed by the engine; hot paths add
 * once per read burst where they can.
 */
public final class ShadowTally {

    /** Who sent the request an answer belongs to. */
    public enum Sender { DEVICE, APPLICATION }

    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    final LongAdder desiredSent = new LongAdder();
    final LongAdder desiredAccepted = new LongAdder();
    final LongAdder desiredRejected = new LongAdder();
    final LongAdder desiredLost = new LongAdder();
    final LongAdder desiredBehind = new LongAdder();
    final LongAdder deltas = new LongAdder();
    final LongAdder setpointsApplied = new LongAdder();
    final LongAdder foreignAnswers = new LongAdder();
    final LongAdder unmatchedAnswers = new LongAdder();
    final LongAdder requestAcks = new LongAdder();

    void rejected(Sender sender, long code) {
        String key = sender.name().toLowerCase(java.util.Locale.ROOT) + " "
                + (code == ShadowJson.MISSING ? "no code" : Long.toString(code));
        rejections.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (sender == Sender.APPLICATION) {
            desiredRejected.increment();
        }
    }

    /** Rejections by "sender code", e.g. {@code "device 409"}. */
    public Map<String, Long> rejections() {
        Map<String, Long> out = new TreeMap<>();
        rejections.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long rejections(Sender sender, int code) {
        LongAdder a = rejections.get(sender.name().toLowerCase(java.util.Locale.ROOT) + " " + code);
        return a == null ? 0 : a.sum();
    }

    public long desiredSent() {
        return desiredSent.sum();
    }

    public long desiredAccepted() {
        return desiredAccepted.sum();
    }

    public long desiredRejected() {
        return desiredRejected.sum();
    }

    /** Desired updates whose application connection was lost before an answer came. */
    public long desiredLost() {
        return desiredLost.sum();
    }

    /** Open loop: desired updates that were due but not sent (the application's window was full). */
    public long desiredBehind() {
        return desiredBehind.sum();
    }

    public long deltas() {
        return deltas.sum();
    }

    public long setpointsApplied() {
        return setpointsApplied.sum();
    }

    /** Answers with a client token no generator connection made (another client's request). */
    public long foreignAnswers() {
        return foreignAnswers.sum();
    }

    /** Answers with one of our tokens that matched no request in flight (duplicates, or a bug). */
    public long unmatchedAnswers() {
        return unmatchedAnswers.sum();
    }

    /** PUBACKs of QoS 1 update requests (they say the hub received the request, not that it applied it). */
    public long requestAcks() {
        return requestAcks.sum();
    }

    /** A new phase: everything counted so far is dropped (the previous phase was drained). */
    public void reset() {
        rejections.values().forEach(LongAdder::reset);
        for (LongAdder a : new LongAdder[] {desiredSent, desiredAccepted, desiredRejected, desiredLost, desiredBehind, deltas,
                setpointsApplied, foreignAnswers, unmatchedAnswers, requestAcks}) {
            a.reset();
        }
    }
}

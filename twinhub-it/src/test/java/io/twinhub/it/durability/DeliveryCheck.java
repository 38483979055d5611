package io.twinhub.it.durability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Compares what publishers had acknowledged with what a subscriber received, over every round
 * so far: nothing acknowledged is missing; nothing delivered at QoS 2 arrives twice; each
 * publisher's messages arrive in increasing order, a QoS 1 redelivery of a number already seen
 * excepted (those are counted, not failed).
 */
final class DeliveryCheck {

    /** What one check found, per subscriber. */
    record Result(List<String> problems, int delivered, int qos1Duplicates) { }

    private static final int SHOWN = 15;

    private DeliveryCheck() { }

    static Result check(LoadSubscriber sub, List<LoadPublisher> publishers) {
        List<String> problems = new ArrayList<>();
        List<LoadSubscriber.Delivered> delivered = sub.delivered();
        Map<String, Integer> effectiveQos = new HashMap<>();
        for (LoadPublisher p : publishers) {
            effectiveQos.put(p.id, Math.min(p.qos, sub.qos));
        }
        Map<String, Map<Long, LoadSubscriber.Delivered>> seen = new HashMap<>();
        Map<String, Long> highest = new HashMap<>();
        Map<String, List<String>> outOfOrder = new HashMap<>();
        Map<String, List<String>> qos2Twice = new HashMap<>();
        int qos1Duplicates = 0;
        for (LoadSubscriber.Delivered d : delivered) {
            Integer expectedQos = effectiveQos.get(d.publisher());
            if (expectedQos == null) {
                problems.add(sub.id + ": message from an unknown publisher " + d);
                continue;
            }
            if (d.qos() != expectedQos) {
                problems.add(sub.id + ": " + d + " delivered at QoS " + d.qos() + ", expected " + expectedQos);
            }
            LoadSubscriber.Delivered earlier = seen.computeIfAbsent(d.publisher(), k -> new HashMap<>())
                    .putIfAbsent(d.seq(), d);
            long max = highest.getOrDefault(d.publisher(), 0L);
            if (earlier != null) {
                if (expectedQos == 2) {
                    qos2Twice.computeIfAbsent(d.publisher(), k -> new ArrayList<>()).add(earlier + " then " + d);
                } else {
                    qos1Duplicates++;
                }
            } else if (d.seq() < max) {
                outOfOrder.computeIfAbsent(d.publisher(), k -> new ArrayList<>()).add(d.seq() + " after " + max);
            }
            highest.put(d.publisher(), Math.max(max, d.seq()));
        }
        for (LoadPublisher p : publishers) {
            NavigableSet<Long> missing = new TreeSet<>(p.acked);
            missing.removeAll(seen.getOrDefault(p.id, Map.of()).keySet());
            if (!missing.isEmpty()) {
                problems.add(sub.id + ": " + missing.size() + " of " + p.acked.size() + " messages acknowledged to "
                        + p.id + " (QoS " + p.qos + ") never delivered, e.g. seq " + first(missing));
            }
            List<String> twice = qos2Twice.getOrDefault(p.id, List.of());
            if (!twice.isEmpty()) {
                problems.add(sub.id + ": " + twice.size() + " messages of " + p.id + " delivered more than once at QoS 2"
                        + " (exactly once broken), e.g.\n      " + String.join("\n      ", first(twice)));
            }
            List<String> disorder = outOfOrder.getOrDefault(p.id, List.of());
            if (!disorder.isEmpty()) {
                problems.add(sub.id + ": " + disorder.size() + " messages of " + p.id + " out of order, e.g. "
                        + first(disorder));
            }
        }
        problems.addAll(sub.problems());
        return new Result(problems, delivered.size(), qos1Duplicates);
    }

    private static <T> List<T> first(Iterable<T> items) {
        List<T> out = new ArrayList<>();
        for (T t : items) {
            if (out.size() == SHOWN) {
                break;
            }
            out.add(t);
        }
        return out;
    }
}

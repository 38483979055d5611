package io.twinhub.it.durability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * SIGKILL under load, several times over one data directory. Two persistent subscribers,
 * subscribed once at the very start (QoS 1 over MQTT 3.1.1, QoS 2 over 5.0), and three
 * publishers sending numbered messages as fast as acknowledgements allow: a QoS 1 and a QoS 2
 * one that resume their sessions after each crash (sending again what is unacknowledged, as
 * MQTT requires) and a QoS 2 one that starts clean every round. At a random moment the node is
 * killed, restarted, the subscribers come back, and the check runs over everything so far:
 * every acknowledged message delivered, QoS 2 exactly once, each publisher's order kept. A last
 * round without a crash lets the resuming publishers finish, after which every message they
 * ever sent must have arrived.
 *
 * <p>The moments are random but seeded: the seed is printed, and {@code -Ddurability.seed=N}
 * replays it.
 */
class CrashUnderLoadTest {

    static final int ROUNDS = 4;
    static final Duration QUIET = Duration.ofMillis(1000);
    static final Duration MAX_SETTLE = Duration.ofSeconds(15);

    @RegisterExtension
    final NodeLab lab = new NodeLab();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyAcknowledgedMessageSurvivesRepeatedKill9UnderLoad() throws Exception {
        long seed = Long.getLong("durability.seed", System.nanoTime());
        Random random = new Random(seed);
        log("seed " + seed + " (replay with -Ddurability.seed=" + seed + ")");

        NodeProcess node = lab.startNode("data");
        List<LoadSubscriber> subscribers = List.of(
                new LoadSubscriber("sub-qos1-v3", 4, 1),
                new LoadSubscriber("sub-qos2-v5", 5, 2));
        List<LoadPublisher> publishers = List.of(
                new LoadPublisher("pub-qos1-v5", 5, 1, true),
                new LoadPublisher("pub-qos2-v3", 4, 2, true),
                new LoadPublisher("pub-qos2-clean-v5", 5, 2, false));
        lab.track(() -> publishers.forEach(LoadPublisher::close));
        lab.track(() -> subscribers.forEach(LoadSubscriber::close));
        for (LoadSubscriber s : subscribers) {
            s.subscribe(node.port());
        }
        StoreBarrier.await(node); // the subscriptions are on disk before the first crash

        List<String> problems = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (LoadPublisher p : publishers) {
                p.start(node.port());
            }
            long delay = 300 + random.nextInt(1201);
            Thread.sleep(delay);
            node.kill9();
            for (LoadPublisher p : publishers) {
                p.awaitDisconnected();
            }
            for (LoadSubscriber s : subscribers) {
                s.awaitDisconnected();
            }
            node.start();
            for (LoadSubscriber s : subscribers) {
                s.reconnect(node.port());
            }
            settle(subscribers, problems);
            check("round " + round + " (seed " + seed + ", kill -9 after " + delay + " ms)",
                    subscribers, publishers, problems);
        }

        // Last round, no crash: the resuming publishers send again what the last crash left
        // unacknowledged and finish; then everything they ever sent must have arrived.
        for (LoadPublisher p : publishers) {
            p.start(node.port());
        }
        Thread.sleep(300);
        for (LoadPublisher p : publishers) {
            p.finish(MAX_SETTLE);
        }
        settle(subscribers, problems);
        for (LoadPublisher p : publishers) {
            if (p.persistent && p.acked.size() + p.refused() != p.sent()) {
                problems.add(p.id + ": resumed after every crash, yet only " + p.acked.size() + " of its " + p.sent()
                        + " messages were acknowledged (" + p.refused() + " refused)");
            }
        }
        check("final round (seed " + seed + ", no crash)", subscribers, publishers, problems);
        node.stop();
    }

    private static void settle(List<LoadSubscriber> subscribers, List<String> problems) throws InterruptedException {
        for (LoadSubscriber s : subscribers) {
            if (!s.awaitQuiet(QUIET, MAX_SETTLE)) {
                problems.add(s.id + ": still receiving after " + MAX_SETTLE);
            }
        }
    }

    private static void check(String round, List<LoadSubscriber> subscribers, List<LoadPublisher> publishers,
                              List<String> problems) {
        StringBuilder summary = new StringBuilder(round + ":");
        for (LoadPublisher p : publishers) {
            summary.append(String.format("%n  %-18s QoS %d  sent %6d  acknowledged %6d  refused %d  in flight %d",
                    p.id, p.qos, p.sent(), p.acked.size(), p.refused(), p.inFlight()));
            problems.addAll(p.problems());
        }
        for (LoadSubscriber s : subscribers) {
            DeliveryCheck.Result r = DeliveryCheck.check(s, publishers);
            summary.append(String.format("%n  %-18s QoS %d  delivered %6d  QoS 1 duplicates %d  DUP flags %d"
                            + "  QoS 2 resends recognised %d",
                    s.id, s.qos, r.delivered(), r.qos1Duplicates(), s.dupFlags(), s.resendsRecognised()));
            problems.addAll(r.problems());
        }
        List<String> distinct = problems.stream().distinct().toList();
        log(summary.toString());
        if (!distinct.isEmpty()) {
            throw new AssertionError(round + ": " + distinct.size() + " problems:\n  " + String.join("\n  ", distinct)
                    + "\n" + summary);
        }
    }

    private static void log(String line) {
        System.out.println("[CrashUnderLoadTest] " + line);
    }
}

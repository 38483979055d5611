package io.twinhub.bench.scenario;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.twinhub.bench.client.BinaryPayload;
import io.twinhub.bench.client.PublisherSettings;
import io.twinhub.bench.discard.DiscardServer;
import io.twinhub.bench.server.ExternalServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The generator's accounting against the in-process discard server, which confirms everything it
 * reads: every message sent in the measured phase must be confirmed, every confirmation of QoS 1/2
 * must have one ack latency, and an open-loop run must offer what its schedule says.
 */
@Timeout(60)
class PublishAccountingTest {

    private static DiscardServer discard;

    @BeforeAll
    static void start() throws InterruptedException {
        discard = DiscardServer.start("127.0.0.1", 0, 1, false);
    }

    @AfterAll
    static void stop() {
        discard.close();
    }

    private static RunContext context(int warmup, int duration, MqttVersion version) {
        ExternalServer server = new ExternalServer("discard", discard.address(), -1);
        return new RunContext(server, new PrintStream(new ByteArrayOutputStream()), true, 1, "auto", version,
                warmup, duration, 20, 0, 64, RunContext.newRunTag(), null, null);
    }

    private static PublishPlan plan(int publishers, int qos, int window, double ratePerPublisher) {
        PublisherSettings s = new PublisherSettings(qos, window, 4096, ratePerPublisher, publishers, 100, 500_000L);
        return new PublishPlan("publish", publishers, 0, false, s, i -> "acct/" + i, "acct/#", new byte[32],
                BinaryPayload.INSTANCE, 'p', 60, Map.of(), List.of());
    }

    @ParameterizedTest
    @CsvSource({"0,MQTT_3_1_1", "1,MQTT_3_1_1", "2,MQTT_3_1_1", "1,MQTT_5", "2,MQTT_5"})
    void closedLoopConfirmsEverythingItSent(int qos, MqttVersion version) throws Exception {
        RunResult r = new PublishEngine(plan(4, qos, 32, 0), context(1, 1, version)).run();
        assertThat(r.valid()).as(r.notes().toString()).isTrue();
        long sent = (Long) r.details().get("sent");
        long confirmed = (Long) r.details().get("confirmed");
        assertThat(sent).isPositive();
        assertThat(confirmed).isEqualTo(sent);
        assertThat(r.value("ingest_rate")).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Object> ack = (Map<String, Object>) r.details().get("ack_latency_ms");
        assertThat(ack.get("count")).isEqualTo(qos == 0 ? 0L : confirmed);
        assertThat(r.details().get("unknown_acks")).isEqualTo(0L);
        assertThat(r.progress()).isNotEmpty();
    }

    @Test
    void openLoopOffersTheScheduledRate() throws Exception {
        // 4 publishers × 500/s for 2 s = 4000 messages due.
        RunResult r = new PublishEngine(plan(4, 1, 64, 500), context(0, 2, MqttVersion.MQTT_3_1_1)).run();
        assertThat(r.valid()).as(r.notes().toString()).isTrue();
        long sent = (Long) r.details().get("sent");
        long behind = (Long) r.details().get("behind");
        @SuppressWarnings("unchecked")
        Map<String, Object> windows = (Map<String, Object>) r.details().get("window_seconds");
        double sending = (Double) windows.get("sending");
        double due = 4 * 500 * sending;
        assertThat((double) (sent + behind)).isCloseTo(due, within(due * 0.02 + 8));
        assertThat((Long) r.details().get("confirmed")).isEqualTo(sent);
        assertThat((Double) r.details().get("offered_rate")).isCloseTo(2000, within(200.0));
    }

    @Test
    void openLoopWarmUpRunsStraightIntoTheMeasuredWindow() throws Exception {
        // 4 publishers × 500/s: 2 s of warm-up, then 2 s measured, about 4000 messages in each.
        RunResult r = new PublishEngine(plan(4, 1, 64, 500), context(2, 2, MqttVersion.MQTT_3_1_1)).run();
        assertThat(r.valid()).as(r.notes().toString()).isTrue();
        assertThat(r.details().get("warmup_continuous")).isEqualTo(true);
        long sent = (Long) r.details().get("sent");
        long behind = (Long) r.details().get("behind");
        assertThat(sent).isCloseTo(4000L, within(800L));
        @SuppressWarnings("unchecked")
        Map<String, Object> windows = (Map<String, Object>) r.details().get("window_seconds");
        double due = 4 * 500 * (Double) windows.get("sending");
        assertThat((double) (sent + behind)).isCloseTo(due, within(due * 0.02 + 8));
        // Warm-up messages confirmed after the switch are the warm-up's, not the window's.
        assertThat((Long) r.details().get("confirmed")).isEqualTo(sent);
        // A message falling due just as the gate closes may still wait for its timer: at most one each.
        assertThat(behind).isLessThanOrEqualTo(4L);
        assertThat(phasesInOrder(r)).containsExactly("warmup", "measure");
    }

    @Test
    void closedLoopStillDrainsBetweenWarmUpAndMeasurement() throws Exception {
        RunResult r = new PublishEngine(plan(2, 1, 32, 0), context(1, 1, MqttVersion.MQTT_3_1_1)).run();
        assertThat(r.valid()).as(r.notes().toString()).isTrue();
        assertThat(r.details().get("warmup_continuous")).isEqualTo(false);
        assertThat((Long) r.details().get("confirmed")).isEqualTo((Long) r.details().get("sent"));
    }

    /**
     * The sending phases the progress rows went through, in order, with consecutive rows of one
     * phase collapsed: a warm-up row after a measured one would show as a third entry.
     */
    private static List<String> phasesInOrder(RunResult r) {
        List<String> phases = new ArrayList<>();
        for (Map<String, Object> row : r.progress()) {
            Object phase = row.get("phase");
            boolean sending = "warmup".equals(phase) || "measure".equals(phase);
            if (sending && (phases.isEmpty() || !phases.getLast().equals(phase))) {
                phases.add((String) phase);
            }
        }
        return phases;
    }
}

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
}

package io.twinhub.telemetry.service;

import io.twinhub.core.telemetry.IngestResult;
import io.twinhub.telemetry.service.TelemetryMetrics.DropReason;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.twinhub.telemetry.service.TelemetryNode.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A store that falls behind (commits held back) with a queue bound of 100 bytes. */
class SheddingTest {

    private static final String PAYLOAD = "{\"ts\":" + T0 + ",\"values\":{\"temperature\":21.5,\"humidity\":48}}"; // 62 bytes

    @Test
    void overTheBoundSheddablePayloadsAreDroppedAndOthersWaitForTheStore() throws Exception {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withShards(1).withMaxQueuedBytes(100))) {
            node.store.hold();
            CompletableFuture<IngestResult> first = node.sendAsync("dev-1", PAYLOAD, true);
            assertThat(node.service.congested()).as("62 of 100 bytes").isFalse();
            CompletableFuture<IngestResult> second = node.sendAsync("dev-1", PAYLOAD, false);
            assertThat(node.service.congested()).as("124 of 100 bytes").isTrue();
            CountDownLatch relieved = new CountDownLatch(1);
            node.service.whenRelieved(relieved::countDown);

            IngestResult shed = node.sendAsync("dev-1", PAYLOAD, true).getNow(null);
            CompletableFuture<IngestResult> third = node.sendAsync("dev-2", PAYLOAD, false);

            assertThat(shed).as("answered at once").isNotNull();
            assertThat(shed.status()).isEqualTo(IngestResult.Status.SHED);
            assertThat(node.service.metrics().queuedBytes()).isEqualTo(3 * PAYLOAD.length());
            assertThat(node.service.metrics().queuedPayloads()).isEqualTo(3);
            assertThat(first).isNotDone();
            assertThat(relieved.getCount()).isEqualTo(1);

            node.store.release();

            assertThat(first.get(10, TimeUnit.SECONDS).isStored()).isTrue();
            assertThat(second.get(10, TimeUnit.SECONDS).isStored()).isTrue();
            assertThat(third.get(10, TimeUnit.SECONDS).isStored()).isTrue();
            assertThat(relieved.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(node.service.congested()).isFalse();
            assertThat(node.service.metrics().payloadsDropped(DropReason.OVERLOAD)).isEqualTo(1);
            assertThat(node.service.metrics().payloadsRejected()).as("a shed payload gets no answer").isZero();
            assertThat(node.service.metrics().queuedBytes()).isZero();
            assertThat(node.raw("dev-1", "humidity", 0, Long.MAX_VALUE, 10)).hasSize(2);
        }
    }

    @Test
    void pointsAreNotVisibleBeforeTheirLogWriteCommitted() throws Exception {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            node.store.hold();
            CompletableFuture<IngestResult> pending = node.sendAsync("dev-1", PAYLOAD, false);
            Thread.sleep(100); // let the shard take it and write its log entry

            assertThat(node.latest("dev-1")).isEmpty();
            assertThat(pending).isNotDone();

            node.store.release();
            assertThat(pending.get(10, TimeUnit.SECONDS).isStored()).isTrue();
            assertThat(node.latest("dev-1").keySet()).containsExactly("humidity", "temperature");
        }
    }

    @Test
    void whenNotCongestedARelievedTaskRunsAtOnce() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            boolean[] ran = {false};
            node.service.whenRelieved(() -> ran[0] = true);
            assertThat(ran[0]).isTrue();
        }
    }
}

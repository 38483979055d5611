package io.twinhub.telemetry.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.core.message.Message;
import io.twinhub.core.telemetry.IngestResult;
import io.twinhub.telemetry.service.TelemetryMetrics.DropReason;
import org.junit.jupiter.api.Test;

import static io.twinhub.telemetry.service.TelemetryNode.T0;
import static org.assertj.core.api.Assertions.assertThat;

class IngestOutcomeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document(Message rejected) throws Exception {
        assertThat(rejected.qos()).isZero();
        assertThat(rejected.retain()).isFalse();
        return JSON.readTree(rejected.payload().toByteArray());
    }

    @Test
    void storedPayloadsAreCountedAndVisible() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            IngestResult r = node.send("dev-1", "{\"ts\":" + T0 + ",\"values\":{\"a\":1,\"b\":2}}");

            assertThat(r).isEqualTo(IngestResult.stored(2));
            assertThat(node.raw("dev-1", "a", T0, T0 + 1, 1)).hasSize(1);
            assertThat(node.service.metrics().payloadsStored()).isEqualTo(1);
            assertThat(node.service.metrics().pointsStored()).isEqualTo(2);
            assertThat(node.service.metrics().storeWrites()).isEqualTo(1);
            assertThat(node.service.metrics().queuedBytes()).isZero();
            assertThat(node.service.metrics().queuedPayloads()).isZero();
        }
    }

    @Test
    void anInvalidPayloadIsRefusedWithTheParsersReasonAndStoresNothing() throws Exception {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            IngestResult r = node.send("dev-1", "{\"a\":1,\"b\":null}");

            assertThat(r.status()).isEqualTo(IngestResult.Status.INVALID);
            assertThat(r.message()).isEqualTo("value of 'b' must be a number, string or boolean, not null");
            assertThat(r.rejected().topic()).isEqualTo("$twin/things/dev-1/telemetry/rejected");
            JsonNode doc = document(r.rejected());
            assertThat(doc.get("code").asInt()).isEqualTo(400);
            assertThat(doc.get("reason").asText()).isEqualTo("BAD_VALUE");
            assertThat(doc.get("message").asText()).isEqualTo(r.message());
            assertThat(doc.size()).isEqualTo(3);
            assertThat(node.latest("dev-1")).isEmpty();
            assertThat(node.service.metrics().payloadsDropped(DropReason.INVALID)).isEqualTo(1);
            assertThat(node.service.metrics().payloadsRejected()).isEqualTo(1);
        }
    }

    @Test
    void tooManyPointsFollowsTheSetting() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withMaxPointsPerPayload(2))) {
            IngestResult r = node.send("dev-1", "{\"a\":1,\"b\":2,\"c\":3}");

            assertThat(r.status()).isEqualTo(IngestResult.Status.INVALID);
            assertThat(r.message()).isEqualTo("payload has more than 2 points");
            assertThat(node.send("dev-1", "{\"a\":1,\"b\":2}").isStored()).isTrue();
        }
    }

    @Test
    void aDeviceOverItsRateIsRefusedUntilTokensComeBack() throws Exception {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withDeviceRateLimit(5))) {
            for (int i = 0; i < 5; i++) {
                assertThat(node.send("dev-1", "{\"a\":" + i + "}").isStored()).isTrue();
            }
            IngestResult limited = node.send("dev-1", "{\"a\":9,\"b\":9}");

            assertThat(limited.status()).isEqualTo(IngestResult.Status.RATE_LIMITED);
            assertThat(limited.points()).isEqualTo(2);
            assertThat(limited.message()).isEqualTo("rate limit of 5 messages per second exceeded");
            JsonNode doc = document(limited.rejected());
            assertThat(doc.get("code").asInt()).isEqualTo(429);
            assertThat(doc.get("reason").asText()).isEqualTo("RATE_LIMITED");
            assertThat(node.send("dev-2", "{\"a\":1}").isStored()).as("another device has its own bucket").isTrue();

            node.clock.addAndGet(200); // one token back
            assertThat(node.send("dev-1", "{\"a\":10}").isStored()).isTrue();
            assertThat(node.send("dev-1", "{\"a\":11}").status()).isEqualTo(IngestResult.Status.RATE_LIMITED);

            assertThat(node.raw("dev-1", "a", 0, Long.MAX_VALUE, 100)).hasSize(6);
            assertThat(node.latest("dev-1").keySet()).containsExactly("a");
            TelemetryMetrics m = node.service.metrics();
            assertThat(m.payloadsDropped(DropReason.RATE_LIMITED)).isEqualTo(2);
            assertThat(m.pointsDropped(DropReason.RATE_LIMITED)).isEqualTo(3);
        }
    }

    @Test
    void aStoreFailureIsAnswered503AndStoresNothing() throws Exception {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            node.store.failWrites(true);
            IngestResult r = node.send("dev-1", "{\"ts\":" + T0 + ",\"values\":{\"a\":1}}");
            node.store.failWrites(false);

            assertThat(r.status()).isEqualTo(IngestResult.Status.FAILED);
            JsonNode doc = document(r.rejected());
            assertThat(doc.get("code").asInt()).isEqualTo(503);
            assertThat(doc.get("reason").asText()).isEqualTo("STORE_FAILED");
            assertThat(node.raw("dev-1", "a", 0, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(node.service.metrics().payloadsDropped(DropReason.STORE_FAILED)).isEqualTo(1);
            assertThat(node.send("dev-1", "{\"ts\":" + T0 + ",\"values\":{\"a\":2}}").isStored()).isTrue();
        }
    }

    @Test
    void afterCloseNothingIsAccepted() {
        TelemetryNode node = new TelemetryNode(TelemetryNode.settings());
        node.close();
        node.close(); // idempotent

        assertThat(node.send("dev-1", "{\"a\":1}").status()).isEqualTo(IngestResult.Status.FAILED);
    }
}

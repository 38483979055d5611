package io.twinhub.telemetry.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryTopicsTest {

    private final TelemetryService service =
            new TelemetryService(new io.twinhub.core.store.MemoryStore(), TelemetrySettings.defaults(), () -> 0L);

    @Test
    void theDeviceOfItsTelemetryTopic() {
        assertThat(service.deviceOf("$twin/things/dev-1/telemetry")).isEqualTo("dev-1");
        assertThat(service.deviceOf("$twin/things/a.b:c_d-E9/telemetry")).isEqualTo("a.b:c_d-E9");
        assertThat(service.deviceOf("$twin/things/" + "x".repeat(128) + "/telemetry")).hasSize(128);
    }

    @Test
    void otherTopicsHaveNoDevice() {
        assertThat(service.deviceOf("$twin/things/" + "x".repeat(129) + "/telemetry")).isNull();
        assertThat(service.deviceOf("$twin/things//telemetry")).isNull();
        assertThat(service.deviceOf("$twin/things/dev 1/telemetry")).isNull();
        assertThat(service.deviceOf("$twin/things/a/b/telemetry")).isNull();
        assertThat(service.deviceOf("$twin/things/dev-1/telemetry/rejected")).isNull();
        assertThat(service.deviceOf("$twin/things/dev-1/telemetry/")).isNull();
        assertThat(service.deviceOf("$twin/things/dev-1/telemetryx")).isNull();
        assertThat(service.deviceOf("twin/things/dev-1/telemetry")).isNull();
        assertThat(service.deviceOf("$twin/things/dev-1/shadow/update")).isNull();
        assertThat(service.deviceOf("$twin/things/telemetry")).isNull();
    }

    @Test
    void rejectionTopics() {
        assertThat(service.isRejectionTopic("$twin/things/dev-1/telemetry/rejected")).isTrue();
        assertThat(service.isRejectionTopic("$twin/things/dev-1/telemetry")).isFalse();
        assertThat(service.isRejectionTopic("$twin/things/dev+1/telemetry/rejected")).isFalse();
        assertThat(service.isRejectionTopic("$twin/things/dev-1/telemetry/rejected/x")).isFalse();
    }
}

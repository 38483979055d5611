package io.twinhub.bench.access;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubApiTest {

    @Test
    void readsCounterSamplesWithTheirLabels() {
        String text = """
                # HELP twinhub_auth_attempts_total Authentication attempts (MQTT and HTTP), by result
                # TYPE twinhub_auth_attempts_total counter
                twinhub_auth_attempts_total{result="accepted"} 402.0
                twinhub_auth_attempts_total{result="busy"} 3.0
                twinhub_auth_cache_hits_total 400.0
                twinhub_mqtt_connections 12
                """;
        Map<String, Double> c = HubApi.parseCounters(text, "twinhub_auth_");
        assertThat(c).containsExactly(
                Map.entry("twinhub_auth_attempts_total{result=\"accepted\"}", 402.0),
                Map.entry("twinhub_auth_attempts_total{result=\"busy\"}", 3.0),
                Map.entry("twinhub_auth_cache_hits_total", 400.0));
    }

    @Test
    void talksOnlyToThisMachineAndOnlyWithAToken() {
        assertThatThrownBy(() -> HubApi.parse("http://10.1.2.3:8080", "thk_admin.x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> HubApi.parse("https://127.0.0.1:8443", "thk_admin.x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> HubApi.parse("http://127.0.0.1:8080", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--api-token");
        assertThat(HubApi.parse("http://localhost:8080/", "thk_admin.x").base().toString())
                .isEqualTo("http://localhost:8080");
    }
}

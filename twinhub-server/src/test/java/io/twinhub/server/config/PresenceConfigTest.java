package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code presence:} section. */
class PresenceConfigTest {

    @Test
    void theHeartbeatWindowIsTheContractsNinetySecondsByDefault() {
        NodeConfig.Presence presence = ConfigLoader.load(null, NodeSettings.NONE).presence();

        assertThat(presence.heartbeatWindowSeconds()).isEqualTo(90);
        assertThat(presence.heartbeatWindowMillis()).isEqualTo(90_000);
    }

    @Test
    void theFileSetsTheHeartbeatWindow() {
        NodeSettings file = ConfigLoader.parse("presence:\n  heartbeatWindowSeconds: 300\n", "x.yaml");

        assertThat(ConfigLoader.merge(NodeConfig.defaults(), file).presence().heartbeatWindowSeconds()).isEqualTo(300);
    }

    @Test
    void badPresenceValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("presence:\n  heartbeatWindow: 30\n", "x.yaml"))
                .hasMessageContaining("unknown key 'presence.heartbeatWindow'");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(),
                ConfigLoader.parse("presence:\n  heartbeatWindowSeconds: 0\n", "x.yaml")))
                .hasMessageContaining("presence.heartbeatWindowSeconds must be between 1 and 86400, got 0");
        assertThatThrownBy(() -> ConfigLoader.parse("presence:\n  heartbeatWindowSeconds: 1.5\n", "x.yaml"))
                .hasMessageContaining("presence.heartbeatWindowSeconds");
    }
}

package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code shadows:} section. */
class ShadowConfigTest {

    @Test
    void theDefaultsAreTheContractsEightKibibytes() {
        NodeConfig.Shadows shadows = ConfigLoader.load(null, NodeSettings.NONE).shadows();

        assertThat(shadows.maxStateBytes()).isEqualTo(8192);
        assertThat(shadows.shards()).isZero();
        assertThat(shadows.cachedShadows()).isEqualTo(100_000);
    }

    @Test
    void theFileSetsEachKeyAndKeepsTheOthers() {
        NodeSettings file = ConfigLoader.parse("shadows:\n  maxStateBytes: 16384\n  shards: 4\n", "x.yaml");

        NodeConfig.Shadows shadows = ConfigLoader.merge(NodeConfig.defaults(), file).shadows();
        assertThat(shadows.maxStateBytes()).isEqualTo(16384);
        assertThat(shadows.shards()).isEqualTo(4);
        assertThat(shadows.cachedShadows()).isEqualTo(100_000);
    }

    @Test
    void badShadowValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("shadows:\n  maxBytes: 30\n", "x.yaml"))
                .hasMessageContaining("unknown key 'shadows.maxBytes'");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(),
                ConfigLoader.parse("shadows:\n  maxStateBytes: 10\n", "x.yaml")))
                .hasMessageContaining("shadows.maxStateBytes must be between 64 and 1048576, got 10");
    }
}

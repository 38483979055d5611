package io.twinhub.it.security;

import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;
import io.twinhub.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node that would listen beyond loopback must be told whether anonymous clients are welcome. */
class StartRefusalTest {

    @TempDir
    Path dir;

    @Test
    void anOpenBindWithAnonymousAutoIsRefusedBeforeAnythingStarts() {
        NodeConfig config = NodeConfig.forTest(dir.resolve("data")).withBindAddress("0.0.0.0");
        assertThatThrownBy(() -> new TwinhubNode(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("--anonymous off")
                .hasMessageContaining("--anonymous on");
        // refused before the store was opened: nothing was created
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    @Test
    void theFirstStartCreatesAnAdminTokenOnceAndKeepsOnlyItsHash() throws Exception {
        NodeConfig config = NodeConfig.forTest(dir.resolve("data"));
        String token;
        try (TwinhubNode node = new TwinhubNode(config)) {
            node.start();
            token = node.bootstrapAdminToken().orElseThrow();
            assertThat(token).startsWith("thk_admin.");
        }
        try (TwinhubNode again = new TwinhubNode(config)) {
            again.start();
            assertThat(again.bootstrapAdminToken()).isEmpty();
            assertThat(again.security().adminTokens().verify("admin", token.getBytes())).isTrue();
        }
    }
}

package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;
import io.twinhub.server.cli.Main;
import io.twinhub.server.cli.RunCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code http:} section and {@code --http-port}. */
class HttpConfigTest {

    @Test
    void defaultsListenOn8080WithAOneMebibyteBodyLimit() {
        NodeConfig.Http http = ConfigLoader.load(null, NodeSettings.NONE).http();

        assertThat(http.enabled()).isTrue();
        assertThat(http.port()).isEqualTo(8080);
        assertThat(http.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(http.readTimeoutSeconds()).isEqualTo(30);
        assertThat(http.idleTimeoutSeconds()).isEqualTo(120);
        assertThat(http.metricsRequireToken()).isFalse();
        assertThat(NodeConfig.forTest(java.nio.file.Path.of("d")).http().port()).isZero();
    }

    @Test
    void fileSetsEveryHttpKey() {
        NodeSettings file = ConfigLoader.parse("""
                http:
                  enabled: false
                  port: 9090
                  maxBodyBytes: 2048
                  readTimeoutSeconds: 5
                  idleTimeoutSeconds: 7
                  workerThreads: 3
                  metricsRequireToken: true
                """, "x.yaml");

        NodeConfig.Http http = ConfigLoader.merge(NodeConfig.defaults(), file).http();

        assertThat(http).isEqualTo(new NodeConfig.Http(false, 9090, 2048, 5, 7, 3, true));
    }

    @Test
    void commandLinePortWinsOverTheFile() {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("run", "--http-port", "0");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        NodeSettings file = ConfigLoader.parse("http:\n  port: 9090\n  maxBodyBytes: 10\n", "x.yaml");

        NodeConfig config = ConfigLoader.merge(NodeConfig.defaults(), file, run.cliSettings());

        assertThat(config.http().port()).isZero();
        assertThat(config.http().maxBodyBytes()).isEqualTo(10);
    }

    @Test
    void badHttpValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("http:\n  prot: 1\n", "x.yaml"))
                .hasMessageContaining("unknown key 'http.prot'");
        assertThatThrownBy(() -> ConfigLoader.parse("http:\n  enabled: maybe\n", "x.yaml"))
                .hasMessageContaining("'http.enabled'");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(), ConfigLoader.parse("http:\n  port: 70000\n", "x")))
                .hasMessageContaining("http.port (--http-port) must be between 0 and 65535");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(), ConfigLoader.parse("http:\n  maxBodyBytes: 0\n", "x")))
                .hasMessageContaining("http.maxBodyBytes");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(), ConfigLoader.parse("http:\n  port: 1883\n", "x")))
                .hasMessageContaining("need different ports");
    }
}

package io.twinhub.server.cli;

import io.twinhub.core.BrokerLimits;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.config.LimitSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option parsing and config resolution of {@code twinhub run}; no node is started. */
class RunCommandTest {

    @TempDir
    Path dir;

    private static RunCommand parse(String... args) {
        CommandLine.ParseResult result = Main.commandLine().parseArgs(args);
        return (RunCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void noOptionsLeaveEverythingToTheLowerLayers() {
        RunCommand run = parse("run");

        assertThat(run.cliSettings().bind()).isNull();
        assertThat(run.cliSettings().mqttPort()).isNull();
        assertThat(run.cliSettings().limits()).isEqualTo(LimitSettings.NONE);
        NodeConfig config = run.resolveConfig();
        assertThat(config.mqttPort()).isEqualTo(NodeConfig.defaults().mqttPort());
        assertThat(config.limits()).isEqualTo(BrokerLimits.defaults());
    }

    @Test
    void tlsOptionsAreParsedAndTurnTlsOn() {
        RunCommand run = parse("run", "--tls-cert", "/c/server.pem", "--tls-key", "/c/server.key", "--tls-ca", "/c/ca.pem",
                "--tls-client-auth", "optional", "--mqtts-port", "9883");

        NodeConfig.Tls tls = run.resolveConfig().tls();

        assertThat(tls).isEqualTo(NodeConfig.Tls.off().withMqttPort(9883).on(Path.of("/c/server.pem"), Path.of("/c/server.key"))
                .withClientAuth("optional", Path.of("/c/ca.pem")));
        assertThat(parse("run").resolveConfig().tls().enabled()).isFalse();
    }

    @Test
    void everyOptionIsParsed() {
        RunCommand run = parse("run", "--bind", "0.0.0.0", "--mqtt-port", "18830", "--data-dir", dir.toString(),
                "--transport", "nio", "--io-threads", "3",
                "--max-packet-size", "1000", "--max-connections", "2000", "--max-inflight", "30",
                "--max-queued-messages", "40", "--receive-maximum", "50", "--server-keep-alive", "60",
                "--max-session-expiry", "4294967295", "--anonymous", "off", "--connection-rate", "250");

        NodeConfig config = run.resolveConfig();

        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.mqttPort()).isEqualTo(18830);
        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(config.transport()).isEqualTo("nio");
        assertThat(config.ioThreads()).isEqualTo(3);
        BrokerLimits limits = config.limits();
        assertThat(limits.maxPacketSize()).isEqualTo(1000);
        assertThat(limits.maxConnections()).isEqualTo(2000);
        assertThat(limits.maxInflight()).isEqualTo(30);
        assertThat(limits.maxQueuedMessages()).isEqualTo(40);
        assertThat(limits.receiveMaximum()).isEqualTo(50);
        assertThat(limits.serverKeepAliveSeconds()).isEqualTo(60);
        assertThat(limits.maxSessionExpirySeconds()).isEqualTo(4_294_967_295L);
        assertThat(limits.maxTopicLevels()).isEqualTo(BrokerLimits.defaults().maxTopicLevels());
        assertThat(config.auth().anonymous()).isEqualTo("off");
        assertThat(config.auth().connectionsPerSecond()).isEqualTo(250);
        assertThat(config.auth().failedAuthBurst()).isEqualTo(NodeConfig.Auth.defaults().failedAuthBurst());
    }

    @Test
    void commandLineWinsOverConfigFileWhichWinsOverDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("t.yaml"), """
                mqtt:
                  port: 2883
                ioThreads: 5
                limits:
                  maxInflight: 7
                  maxQueuedMessages: 8
                """);

        NodeConfig config = parse("run", "--config", file.toString(), "--mqtt-port", "3883",
                "--max-inflight", "9").resolveConfig();

        assertThat(config.mqttPort()).isEqualTo(3883);
        assertThat(config.ioThreads()).isEqualTo(5);
        assertThat(config.limits().maxInflight()).isEqualTo(9);
        assertThat(config.limits().maxQueuedMessages()).isEqualTo(8);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void relativeDataDirIsMadeAbsolute() {
        NodeConfig config = parse("run", "--data-dir", "some/where/../data").resolveConfig();

        assertThat(config.dataDir()).isEqualTo(Path.of("some/data").toAbsolutePath());
    }

    @Test
    void malformedNumbersAreParseErrors() {
        assertThatThrownBy(() -> parse("run", "--mqtt-port", "abc"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--mqtt-port");
        assertThatThrownBy(() -> parse("run", "--no-such-option"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void helpShowsTheSameDefaultsAsNodeConfig() {
        String help = Main.commandLine().getSubcommands().get("run").getUsageMessage();
        NodeConfig d = NodeConfig.defaults();
        BrokerLimits l = d.limits();

        assertThat(help)
                .contains("(default: " + d.bindAddress() + ")")
                .contains("(default: " + d.mqttPort() + ")")
                .contains("(default: ./" + d.dataDir() + ")")
                .contains("(default: " + d.transport() + ")")
                .contains("(default: " + d.ioThreads() + ")")
                .contains("(default: " + l.maxPacketSize() + ")")
                .contains("(default: " + l.maxConnections() + ")")
                .contains("(default: " + l.maxInflight() + ")")
                .contains("(default: " + l.maxQueuedMessages() + ")")
                .contains("(default: " + l.receiveMaximum() + ")")
                .contains("(default: " + l.serverKeepAliveSeconds() + ")")
                .contains("(default: " + l.maxSessionExpirySeconds() + ")");
    }
}

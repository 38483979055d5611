package io.twinhub.server.config;

import io.twinhub.core.BrokerLimits;
import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("twinhub.yaml"), yaml);
    }

    private static NodeSettings cli(String bind, Integer port) {
        return new NodeSettings(bind, port, null, null, null, LimitSettings.NONE, null, null);
    }

    @Test
    void noFileAndNoOptionsGiveTheDefaults() {
        NodeConfig config = ConfigLoader.load(null, NodeSettings.NONE);

        NodeConfig defaults = NodeConfig.defaults();
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.transport()).isEqualTo("auto");
        assertThat(config.ioThreads()).isZero();
        assertThat(config.limits()).isEqualTo(BrokerLimits.defaults());
        assertThat(config.dataDir()).isAbsolute().isEqualTo(defaults.dataDir().toAbsolutePath().normalize());
    }

    @Test
    void emptyFileKeepsTheDefaults() throws IOException {
        assertThat(ConfigLoader.load(write(""), NodeSettings.NONE).limits()).isEqualTo(BrokerLimits.defaults());
        assertThat(ConfigLoader.load(write("# only a comment\n"), NodeSettings.NONE).mqttPort()).isEqualTo(1883);
    }

    @Test
    void fileOverridesDefaultsKeyByKey() throws IOException {
        Path file = write("""
                bind: 0.0.0.0
                mqtt:
                  port: 2883
                transport: nio
                ioThreads: 4
                dataDir: %s
                limits:
                  maxPacketSize: 65536
                  maxSessionExpirySeconds: 4294967295
                  topicAliasMaximum: 0
                """.formatted(dir.resolve("d")));

        NodeConfig config = ConfigLoader.load(file, NodeSettings.NONE);

        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.mqttPort()).isEqualTo(2883);
        assertThat(config.transport()).isEqualTo("nio");
        assertThat(config.ioThreads()).isEqualTo(4);
        assertThat(config.dataDir()).isEqualTo(dir.resolve("d"));
        assertThat(config.limits().maxPacketSize()).isEqualTo(65536);
        assertThat(config.limits().maxSessionExpirySeconds()).isEqualTo(4_294_967_295L);
        assertThat(config.limits().topicAliasMaximum()).isZero();
        assertThat(config.limits().maxInflight()).isEqualTo(BrokerLimits.defaults().maxInflight());
    }

    @Test
    void quotedNumbersAreAcceptedAndEmptyValuesKeepTheDefault() {
        NodeConfig config = ConfigLoader.merge(NodeConfig.defaults(),
                ConfigLoader.parse("mqtt:\n  port: \"2883\"\nbind:\n", "x.yaml"));

        assertThat(config.mqttPort()).isEqualTo(2883);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void everyLimitCanBeSetInTheFile() {
        NodeSettings settings = ConfigLoader.parse("""
                limits:
                  maxPacketSize: 1001
                  maxTopicLength: 1002
                  maxTopicLevels: 1003
                  receiveMaximum: 1004
                  maxInflight: 1005
                  maxQueuedMessages: 1006
                  maxConnections: 1007
                  maxSessionExpirySeconds: 1008
                  serverKeepAliveSeconds: 1009
                  topicAliasMaximum: 1010
                  maxClientIdLength: 1011
                  maxSubscriptionsPerClient: 1012
                """, "test.yaml");

        BrokerLimits limits = ConfigLoader.merge(NodeConfig.defaults(), settings).limits();

        assertThat(limits).isEqualTo(
                new BrokerLimits(1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008L, 1009, 1010, 1011, 1012));
    }

    @Test
    void theAuthSectionSetsEveryKeyAndIsChecked() {
        NodeSettings settings = ConfigLoader.parse("""
                auth:
                  anonymous: "off"
                  connectionsPerSecond: 100
                  failedAuthBurst: 5
                  failedAuthPerMinute: 6
                  hashThreads: 3
                  hashQueue: 7
                  cacheSize: 8
                """, "auth.yaml");

        NodeConfig config = ConfigLoader.merge(NodeConfig.defaults(), settings);

        assertThat(config.auth()).isEqualTo(new NodeConfig.Auth("off", 100, 5, 6, 3, 7, 8));
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(), ConfigLoader.parse("auth:\n  anonymous: maybe\n", "a.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.anonymous (--anonymous) must be one of auto, on, off, got 'maybe'");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(), ConfigLoader.parse("auth:\n  hashThreads: 0\n", "a.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.hashThreads");
    }

    @Test
    void unquotedOnAndOffAreThePolicyNamesNotBooleans() {
        for (String policy : new String[] {"on", "off", "auto"}) {
            NodeSettings s = ConfigLoader.parse("auth:\n  anonymous: " + policy + "\n", "a.yaml");
            assertThat(ConfigLoader.merge(NodeConfig.defaults(), s).auth().anonymous()).isEqualTo(policy);
        }
    }

    @Test
    void aNodeBeyondLoopbackNeedsADeliberateAnonymousPolicy() {
        NodeConfig open = NodeConfig.defaults().withBindAddress("0.0.0.0");
        assertThatThrownBy(() -> ConfigValidator.requireDeliberateAnonymous(open))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--anonymous off");
        ConfigValidator.requireDeliberateAnonymous(open.withAuth(open.auth().withAnonymous("off")));
        ConfigValidator.requireDeliberateAnonymous(open.withAuth(open.auth().withAnonymous("on")));
        ConfigValidator.requireDeliberateAnonymous(NodeConfig.defaults().withBindAddress("localhost"));
    }

    @Test
    void commandLineWinsOverTheFile() throws IOException {
        Path file = write("""
                bind: 0.0.0.0
                mqtt:
                  port: 2883
                limits:
                  maxInflight: 10
                  maxConnections: 20
                """);
        LimitSettings cliLimits = new LimitSettings(
                null, null, null, null, 99, null, null, null, null, null, null, null);

        NodeConfig config = ConfigLoader.load(file, new NodeSettings(null, 3883, null, "epoll", null, cliLimits, null, null));

        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.mqttPort()).isEqualTo(3883);
        assertThat(config.transport()).isEqualTo("epoll");
        assertThat(config.limits().maxInflight()).isEqualTo(99);
        assertThat(config.limits().maxConnections()).isEqualTo(20);
    }

    @Test
    void unknownKeyIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  prot: 1883\n", "x.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("x.yaml:2")
                .hasMessageContaining("unknown key 'mqtt.prot'")
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  maxPaketSize: 1\n", "x.yaml"))
                .hasMessageContaining("'limits.maxPaketSize'")
                .hasMessageContaining("maxPacketSize");
        assertThatThrownBy(() -> ConfigLoader.parse("colour: blue\n", "x.yaml"))
                .hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void badValuesAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  port: abc\n", "x.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("x.yaml:2")
                .hasMessageContaining("'mqtt.port'")
                .hasMessageContaining("expected a whole number, got 'abc'");
        assertThatThrownBy(() -> ConfigLoader.parse("ioThreads: 1.5\n", "x.yaml"))
                .hasMessageContaining("'ioThreads'");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  maxInflight: 99999999999\n", "x.yaml"))
                .hasMessageContaining("'limits.maxInflight'");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt: 1883\n", "x.yaml"))
                .hasMessageContaining("'mqtt': expected a section of keys");
    }

    @Test
    void valuesOutOfRangeAreRejectedAfterMerging() {
        assertThatThrownBy(() -> ConfigLoader.load(null, cli(null, 70000)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.port")
                .hasMessageContaining("--mqtt-port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(),
                ConfigLoader.parse("transport: carrier-pigeon\n", "x.yaml")))
                .hasMessageContaining("transport")
                .hasMessageContaining("carrier-pigeon");
        assertThatThrownBy(() -> ConfigLoader.merge(NodeConfig.defaults(),
                ConfigLoader.parse("limits:\n  receiveMaximum: 0\n", "x.yaml")))
                .hasMessageContaining("limits.receiveMaximum");
        assertThatThrownBy(() -> ConfigLoader.load(null, cli(" ", null)))
                .hasMessageContaining("bind");
    }

    @Test
    void malformedYamlAndMissingFilesAreClearErrors() {
        assertThatThrownBy(() -> ConfigLoader.parse("bind: 'unterminated\n", "x.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("x.yaml")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ConfigLoader.parse("bind: a\nbind: b\n", "x.yaml"))
                .hasMessageContaining("bind");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), NodeSettings.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config file not found")
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void exampleFileSetsEveryKeyToItsDefault() throws IOException {
        Path example = Path.of("..", "twinhub.example.yaml");
        assumeTrue(Files.exists(example), "run from the source tree");

        assertThat(ConfigLoader.load(example, NodeSettings.NONE)).isEqualTo(ConfigLoader.load(null, NodeSettings.NONE));
        String text = Files.readString(example);
        for (RecordComponent limit : BrokerLimits.class.getRecordComponents()) {
            assertThat(text).contains("  " + limit.getName() + ": ");
        }
        for (RecordComponent key : NodeConfig.Auth.class.getRecordComponents()) {
            assertThat(text).contains("  " + key.getName() + ": ");
        }
        for (RecordComponent key : NodeConfig.Presence.class.getRecordComponents()) {
            assertThat(text).contains("  " + key.getName() + ": ");
        }
        for (RecordComponent key : NodeConfig.Telemetry.class.getRecordComponents()) {
            assertThat(text).contains("  " + key.getName() + ": ");
        }
    }

    @Test
    void configurationDocNamesEveryKey() throws IOException {
        Path doc = Path.of("..", "docs", "CONFIGURATION.md");
        assumeTrue(Files.exists(doc), "run from the source tree");

        String text = Files.readString(doc);
        for (RecordComponent limit : BrokerLimits.class.getRecordComponents()) {
            assertThat(text).contains("`limits." + limit.getName() + "`");
        }
        for (RecordComponent key : NodeConfig.Auth.class.getRecordComponents()) {
            assertThat(text).contains("`auth." + key.getName() + "`");
        }
        for (RecordComponent key : NodeConfig.Presence.class.getRecordComponents()) {
            assertThat(text).contains("`presence." + key.getName() + "`");
        }
        for (RecordComponent key : NodeConfig.Telemetry.class.getRecordComponents()) {
            assertThat(text).contains("`telemetry." + key.getName() + "`");
        }
        assertThat(text).contains("`bind`", "`mqtt.port`", "`transport`", "`ioThreads`", "`dataDir`");
    }
}

package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;
import io.twinhub.tls.ClientAuthMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code tls:} section: off by default, on when a certificate is named, checked before anything starts. */
class TlsConfigTest {

    private static NodeConfig load(String yaml) {
        return ConfigLoader.merge(NodeConfig.defaults(), ConfigLoader.parse(yaml, "t.yaml"));
    }

    @Test
    void tlsIsOffByDefaultWithTheConventionalPorts() {
        NodeConfig.Tls tls = ConfigLoader.load(null, NodeSettings.NONE).tls();

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.mqttPort()).isEqualTo(8883);
        assertThat(tls.httpsPort()).isEqualTo(8443);
        assertThat(tls.clientAuth()).isEqualTo("none");
        assertThat(tls.reloadSeconds()).isEqualTo(60);
        assertThat(tls.handshakeTimeoutSeconds()).isEqualTo(10);
        assertThat(NodeConfig.forTest(Path.of("x")).tls().enabled()).isFalse();
    }

    @Test
    void everyKeyIsReadAndNamingACertificateTurnsTlsOn() {
        NodeConfig.Tls tls = load("""
                tls:
                  mqttPort: 9883
                  httpsPort: 9443
                  cert: /etc/twinhub/server.pem
                  key: /etc/twinhub/server.key
                  ca: /etc/twinhub/ca.pem
                  clientAuth: require
                  reloadSeconds: 5
                  handshakeTimeoutSeconds: 3
                """).tls();

        assertThat(tls.enabled()).isTrue();
        assertThat(tls).isEqualTo(new NodeConfig.Tls(true, 9883, 9443, Path.of("/etc/twinhub/server.pem"),
                Path.of("/etc/twinhub/server.key"), Path.of("/etc/twinhub/ca.pem"), "require", 5, 3));
        assertThat(tls.settings().clientAuth()).isEqualTo(ClientAuthMode.REQUIRE);
        assertThat(tls.settings().reloadInterval()).hasSeconds(5);
        assertThat(tls.settings().alpnProtocols()).isEmpty();
    }

    @Test
    void enabledFalseKeepsItOffEvenWithACertificate() {
        assertThat(load("tls:\n  enabled: false\n  cert: a.pem\n  key: a.key\n").tls().enabled()).isFalse();
    }

    @Test
    void commandLineCertificateTurnsTlsOnOverTheFile() {
        NodeSettings file = ConfigLoader.parse("tls:\n  key: s.key\n  mqttPort: 9000\n", "t.yaml");
        NodeSettings cli = new NodeSettings(null, null, null, null, null, LimitSettings.NONE, null, null,
                new TlsOverrides(null, null, null, Path.of("s.pem"), null, null, null, null, null));

        NodeConfig.Tls tls = ConfigLoader.merge(NodeConfig.defaults(), file, cli).tls();

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.certificate()).isEqualTo(Path.of("s.pem"));
        assertThat(tls.privateKey()).isEqualTo(Path.of("s.key"));
        assertThat(tls.mqttPort()).isEqualTo(9000);
    }

    @Test
    void relativePathsAreResolvedAgainstTheWorkingDirectory() {
        NodeSettings cli = new NodeSettings(null, null, null, null, null, LimitSettings.NONE, null, null,
                new TlsOverrides(null, null, null, Path.of("certs/server.pem"), Path.of("certs/server.key"), null, null, null, null));

        NodeConfig.Tls tls = ConfigLoader.load(null, cli).tls();

        assertThat(tls.certificate()).isAbsolute().isEqualTo(Path.of("certs/server.pem").toAbsolutePath());
    }

    @Test
    void incompleteOrContradictorySettingsAreClearErrors() {
        assertThatThrownBy(() -> load("tls:\n  enabled: true\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.cert (--tls-cert) is not set");
        assertThatThrownBy(() -> load("tls:\n  cert: a.pem\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.key (--tls-key) is not set");
        assertThatThrownBy(() -> load("tls:\n  cert: a.pem\n  key: a.key\n  clientAuth: require\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs tls.ca (--tls-ca)");
        assertThatThrownBy(() -> load("tls:\n  clientAuth: sometimes\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("none, optional, require").hasMessageContaining("sometimes");
        assertThatThrownBy(() -> load("tls:\n  cert: a.pem\n  key: a.key\n  mqttPort: 1883\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a port of its own");
        assertThatThrownBy(() -> load("tls:\n  enabled: maybe\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.enabled");
        assertThatThrownBy(() -> load("tls:\n  certificate: a.pem\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'tls.certificate'");
    }
}

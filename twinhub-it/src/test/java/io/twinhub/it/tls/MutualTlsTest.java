package io.twinhub.it.tls;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.tls.IssuedCertificate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Client certificates required ({@code tls.clientAuth: require}): a device with a certificate from
 * the configured CA connects without a password; anything else is refused during the handshake,
 * before a single MQTT packet is read.
 */
class MutualTlsTest {

    @RegisterExtension
    final TlsNode node = new TlsNode("require", 0);
    private final TlsClients clients = new TlsClients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void deviceWithAValidCertificateConnectsWithoutPasswordAndRoundTrips(String protocol) throws Exception {
        Mqtt5BlockingClient device = clients.hive("sensor-1", protocol, node.device("sensor-1"));
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.track(device.publishes(MqttGlobalPublishFilter.ALL));
        device.connect();
        device.subscribeWith().topicFilter("$twin/things/sensor-1/cmd").qos(MqttQos.AT_LEAST_ONCE).send();

        MqttClient app = clients.track(new MqttClient("ssl://localhost:" + node.tlsPort(), "app-1", new MemoryPersistence()));
        MqttConnectOptions options = TlsRoundTripTest.options(
                TlsClients.jdkContext(protocol, node.authority().certificate(), node.certificate("app-1")));
        options.setUserName("app-1");
        options.setPassword(node.application("app-1", "$twin/things/+/cmd").toCharArray());
        app.connect(options);
        app.publish("$twin/things/sensor-1/cmd", "reboot".getBytes(StandardCharsets.UTF_8), 1, false);

        Mqtt5Publish got = publishes.receive(TlsClients.WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("reboot");
        assertThat(node.node().tlsHandshakeFailures()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void certificateFromAnUnknownCaIsRefused(String protocol) {
        assertRefused(protocol, TlsNode.strangerDevice("sensor-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void expiredCertificateIsRefused(String protocol) {
        assertRefused(protocol, node.expiredDevice("sensor-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void noCertificateIsRefused(String protocol) {
        assertRefused(protocol, null);
    }

    @Test
    void pahoWithoutCertificateIsRefusedToo() throws Exception {
        MqttClient paho = clients.track(new MqttClient("ssl://localhost:" + node.tlsPort(), "anonymous", new MemoryPersistence()));
        var options = TlsRoundTripTest.options(TlsClients.jdkContext("TLSv1.3", node.authority().certificate(), null));

        assertThatThrownBy(() -> paho.connect(options)).isInstanceOf(MqttException.class);
        assertThat(paho.isConnected()).isFalse();
        awaitHandshakeFailures(1);
    }

    private void assertRefused(String protocol, IssuedCertificate certificate) {
        Mqtt5BlockingClient device = clients.hive("sensor-1", protocol, certificate);

        assertThatThrownBy(device::connect).isInstanceOf(RuntimeException.class);
        assertThat(device.getState().isConnected()).isFalse();
        awaitHandshakeFailures(1);
    }

    /** The server counts the failure when its side of the handshake ends, which may be just after the client gives up. */
    private void awaitHandshakeFailures(long expected) {
        await().atMost(TlsClients.WAIT).until(() -> node.node().tlsHandshakeFailures() >= expected);
        assertThat(node.node().tlsHandshakeFailures()).isEqualTo(expected);
    }
}

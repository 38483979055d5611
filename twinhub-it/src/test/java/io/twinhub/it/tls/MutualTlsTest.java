package io.twinhub.it.tls;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
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
 * the configured CA connects without a password; a certificate the node cannot verify (unknown CA,
 * expired, none) is refused during the handshake, before a single MQTT packet is read; a verified
 * certificate that names the wrong client is refused at CONNECT.
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

    // ------------------------------------------------------------ "wrong CN": a good certificate naming someone else
    //
    // A certificate from the node's CA passes the handshake whatever its CN; who the client is
    // is decided at CONNECT (docs/SECURITY.md): without a user name the CN must be the client id
    // and a registered device; with one, the user name and password decide, not the certificate.

    @Test
    void aCertificateWhoseCnIsNotTheClientIdIsNotAuthorized() throws Exception {
        IssuedCertificate sensor1 = node.device("sensor-1");
        node.device("sensor-2");

        Mqtt5BlockingClient v5 = clients.hive("sensor-2", "TLSv1.3", sensor1);
        assertThat(connAck(v5)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(pahoConnectCode("sensor-2", sensor1, null, null)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(node.node().tlsHandshakeFailures()).as("the handshake itself succeeded").isZero();
    }

    @Test
    void aCertificateFromTheRightCaForAnUnregisteredDeviceIsRefused() throws Exception {
        IssuedCertificate ghost = node.certificate("ghost-1");

        Mqtt5BlockingClient v5 = clients.hive("ghost-1", "TLSv1.3", ghost);
        assertThat(connAck(v5)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(pahoConnectCode("ghost-1", ghost, null, null)).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(node.node().tlsHandshakeFailures()).isZero();
    }

    @Test
    void credentialsInConnectDecideWhateverTheCertificateSays() throws Exception {
        IssuedCertificate sensor1 = node.device("sensor-1");
        String token3 = node.node().devices().create("sensor-3", java.util.Map.of()).token();

        // sensor-1's certificate does not rescue a wrong password, neither for sensor-3 nor for sensor-1
        Mqtt5BlockingClient wrong = clients.hive("sensor-3", "TLSv1.3", sensor1);
        assertThat(connAck(wrong, "sensor-3", "thd_sensor-3.guess")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        Mqtt5BlockingClient self = clients.hive("sensor-1", "TLSv1.3", sensor1);
        assertThat(connAck(self, "sensor-1", "thd_sensor-1.guess")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(pahoConnectCode("sensor-3", sensor1, "sensor-3", "thd_sensor-3.guess"))
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);

        // with sensor-3's token it is sensor-3, with sensor-3's rights and none of sensor-1's
        Mqtt5BlockingClient as3 = clients.hive("sensor-3", "TLSv1.3", sensor1);
        assertThat(connAck(as3, "sensor-3", token3)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(subscribe(as3, "$twin/things/sensor-3/#")).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(subscribe(as3, "$twin/things/sensor-1/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    }

    private static Mqtt5ConnAckReasonCode connAck(Mqtt5BlockingClient c) {
        try {
            return c.connect().getReasonCode();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static Mqtt5ConnAckReasonCode connAck(Mqtt5BlockingClient c, String username, String password) {
        try {
            return c.connectWith().simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send().getReasonCode();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static Mqtt5SubAckReasonCode subscribe(Mqtt5BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes().get(0);
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes().get(0);
        }
    }

    /** Connects an MQTT 3.1.1 Paho client over TLS 1.3 with {@code certificate}; the CONNACK return code (0: accepted). */
    private int pahoConnectCode(String clientId, IssuedCertificate certificate, String username, String password)
            throws Exception {
        MqttClient paho = clients.track(new MqttClient("ssl://localhost:" + node.tlsPort(), clientId, new MemoryPersistence()));
        MqttConnectOptions options = TlsRoundTripTest.options(
                TlsClients.jdkContext("TLSv1.3", node.authority().certificate(), certificate));
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        try {
            paho.connect(options);
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
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

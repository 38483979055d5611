package io.twinhub.it.tls;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT over TLS 1.2 and 1.3 (no client certificates): clients that trust the node's CA get a working broker. */
class TlsRoundTripTest {

    @RegisterExtension
    final TlsNode node = new TlsNode("none", 0);
    private final TlsClients clients = new TlsClients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void hiveMqClientsPublishAndSubscribeOverTls(String protocol) throws Exception {
        Mqtt5BlockingClient sub = clients.hive("tls-sub", protocol, null);
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.track(sub.publishes(MqttGlobalPublishFilter.ALL));
        sub.connect();
        sub.subscribeWith().topicFilter("secure/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = clients.hive("tls-pub", protocol, null);
        pub.connect();

        pub.publishWith().topic("secure/a").qos(MqttQos.AT_LEAST_ONCE).payload("over " .concat(protocol).getBytes(StandardCharsets.UTF_8)).send();

        Mqtt5Publish got = publishes.receive(TlsClients.WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        assertThat(got.getTopic().toString()).isEqualTo("secure/a");
        assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("over " + protocol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void pahoOverTlsReachesAPlainTcpSubscriber(String protocol) throws Exception {
        MqttClient plain = clients.track(new MqttClient("tcp://127.0.0.1:" + node.plainPort(), "plain-sub", new MemoryPersistence()));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        plain.connect();
        plain.subscribe("mixed/#", 1, (topic, message) -> received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));

        MqttClient paho = clients.track(new MqttClient("ssl://localhost:" + node.tlsPort(), "paho-tls", new MemoryPersistence()));
        paho.connect(options(TlsClients.jdkContext(protocol, node.authority().certificate(), null)));
        paho.publish("mixed/x", "from paho over ".concat(protocol).getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(received.poll(TlsClients.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("mixed/x=from paho over " + protocol);
        paho.disconnect();
        plain.disconnect();
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsNotConnected() throws Exception {
        MqttClient paho = clients.track(new MqttClient("ssl://localhost:" + node.tlsPort(), "doubter", new MemoryPersistence()));
        MqttConnectOptions options = options(SSLContext.getDefault());

        assertThatThrownBy(() -> paho.connect(options)).isInstanceOf(MqttException.class);
        assertThat(paho.isConnected()).isFalse();
    }

    @Test
    void plainMqttSpokenToTheTlsPortIsClosedAndCountedAsAFailedHandshake() throws Exception {
        // CONNECT, MQTT 3.1.1, clean session, keep-alive 10 s, client id "x".
        byte[] connect = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10, 0, 1, 'x'};
        try (Socket s = new Socket("127.0.0.1", node.tlsPort())) {
            s.setSoTimeout((int) TlsClients.WAIT.toMillis());
            s.getOutputStream().write(connect);
            assertThat(s.getInputStream().read()).as("no CONNACK, just closed").isEqualTo(-1);
        }
        assertThat(node.node().tlsHandshakeFailures()).isEqualTo(1);
    }

    static MqttConnectOptions options(SSLContext ssl) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(ssl.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true);
        options.setConnectionTimeout(5);
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return options;
    }
}

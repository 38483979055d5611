package io.twinhub.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    @Test
    void publishedMessageReachesSubscriber() throws Exception {
        Mqtt5BlockingClient sub = MqttClient.builder().useMqttVersion5().identifier("sub")
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        sub.connect();
        Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
        sub.subscribeWith().topicFilter("a/+").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = MqttClient.builder().useMqttVersion5().identifier("pub")
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        pub.connect();
        pub.publishWith().topic("a/b").qos(MqttQos.AT_LEAST_ONCE).payload("hello".getBytes(StandardCharsets.UTF_8)).send();
        Mqtt5Publish got = publishes.receive(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(got.getTopic().toString()).isEqualTo("a/b");
        pub.disconnect();
        sub.disconnect();
    }
}

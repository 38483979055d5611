package io.twinhub.it.security;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MQTT 3.1.1 and 5.0 clients that log in to the test's node, closed after each test. Register
 * after the node: {@code @RegisterExtension final Logins logins = new Logins(node);}.
 */
final class Logins implements AfterEachCallback {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration SILENCE = Duration.ofMillis(500);

    private final RunningNode node;
    private final List<Runnable> open = new ArrayList<>();

    Logins(RunningNode node) {
        this.node = node;
    }

    Mqtt5BlockingClient v5(String clientId) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        open.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    Mqtt3BlockingClient v3(String clientId) {
        Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        open.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    /** Connects with user name and password (null: none); the CONNACK reason code. */
    Mqtt5ConnAckReasonCode connectV5(Mqtt5BlockingClient c, String username, String password) {
        var connect = c.connectWith().cleanStart(true);
        if (username != null) {
            var auth = connect.simpleAuth().username(username);
            if (password != null) {
                auth = auth.password(password.getBytes(StandardCharsets.UTF_8));
            }
            connect = auth.applySimpleAuth();
        }
        try {
            return connect.send().getReasonCode();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    Mqtt3ConnAckReturnCode connectV3(Mqtt3BlockingClient c, String username, String password) {
        var connect = c.connectWith().cleanSession(true);
        if (username != null) {
            var auth = connect.simpleAuth().username(username);
            if (password != null) {
                auth = auth.password(password.getBytes(StandardCharsets.UTF_8));
            }
            connect = auth.applySimpleAuth();
        }
        try {
            return connect.send().getReturnCode();
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode();
        }
    }

    /** A connected MQTT 5 client, failing the test if it is refused. */
    Mqtt5BlockingClient connectedV5(String clientId, String username, String password) {
        Mqtt5BlockingClient c = v5(clientId);
        Mqtt5ConnAckReasonCode code = connectV5(c, username, password);
        if (code != Mqtt5ConnAckReasonCode.SUCCESS) {
            throw new AssertionError(clientId + " refused: " + code);
        }
        return c;
    }

    Mqtt3BlockingClient connectedV3(String clientId, String username, String password) {
        Mqtt3BlockingClient c = v3(clientId);
        Mqtt3ConnAckReturnCode code = connectV3(c, username, password);
        if (code != Mqtt3ConnAckReturnCode.SUCCESS) {
            throw new AssertionError(clientId + " refused: " + code);
        }
        return c;
    }

    Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient c) {
        Mqtt5BlockingClient.Mqtt5Publishes p = c.publishes(MqttGlobalPublishFilter.ALL);
        open.add(p::close);
        return p;
    }

    Mqtt3BlockingClient.Mqtt3Publishes publishes(Mqtt3BlockingClient c) {
        Mqtt3BlockingClient.Mqtt3Publishes p = c.publishes(MqttGlobalPublishFilter.ALL);
        open.add(p::close);
        return p;
    }

    static String received(Mqtt5BlockingClient.Mqtt5Publishes p) throws InterruptedException {
        return p.receive(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .map(m -> m.getTopic() + " " + new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("no message within " + WAIT));
    }

    static Optional<String> receivedQuietly(Mqtt5BlockingClient.Mqtt5Publishes p) throws InterruptedException {
        return p.receive(SILENCE.toMillis(), TimeUnit.MILLISECONDS)
                .map(m -> m.getTopic() + " " + new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    static Optional<String> receivedQuietly(Mqtt3BlockingClient.Mqtt3Publishes p) throws InterruptedException {
        return p.receive(SILENCE.toMillis(), TimeUnit.MILLISECONDS)
                .map(m -> m.getTopic() + " " + new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    static String received(Mqtt3BlockingClient.Mqtt3Publishes p) throws InterruptedException {
        return p.receive(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .map(m -> m.getTopic() + " " + new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("no message within " + WAIT));
    }

    static MqttQos qos(int q) {
        return MqttQos.fromCode(q);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).run();
            } catch (RuntimeException ignored) {
                // a test may have closed it already
            }
        }
        open.clear();
    }
}

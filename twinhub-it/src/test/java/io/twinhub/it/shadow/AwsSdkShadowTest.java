package io.twinhub.it.shadow;

import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.iot.StreamingOperation;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEventType;
import software.amazon.awssdk.crt.mqtt.MqttClient;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttConnectionConfig;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.iot.V2ClientStreamOptions;
import software.amazon.awssdk.iot.iotshadow.IotShadowClient;
import software.amazon.awssdk.iot.iotshadow.IotShadowV2Client;
import software.amazon.awssdk.iot.iotshadow.model.DeleteShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.DeleteShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.ErrorResponse;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowState;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.V2ErrorResponse;
import software.amazon.awssdk.iot.iotshadow.model.V2ErrorResponseException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.twinhub.it.shadow.Json.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unmodified AWS IoT Device SDK v2 shadow clients on the {@code $aws} alias, over plain MQTT
 * (aws-sdk-compat.md beside the contract): get, update, and the delta callback firing when an
 * application changes {@code desired} through {@code $twin}.
 */
class AwsSdkShadowTest extends ShadowNodeTest {

    static final int TIMEOUT_S = 10;
    /** The CRT aborts the JVM when keep-alive is not longer than its ping timeout. */
    static final int KEEP_ALIVE_S = 30;
    static final int PING_TIMEOUT_MS = 5_000;

    @Test
    void shadowV2ClientOverMqtt5GetsUpdatesAndHearsDeltas() throws Exception {
        String id = "aws-v2-5";
        String token = things.register(id);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Mqtt5ClientOptions options = new Mqtt5ClientOptions.Mqtt5ClientOptionsBuilder(node.host(), (long) node.port())
                .withConnectOptions(new ConnectPacket.ConnectPacketBuilder().withClientId(id).withUsername(id)
                        .withPassword(token.getBytes(StandardCharsets.UTF_8))
                        .withKeepAliveIntervalSeconds((long) KEEP_ALIVE_S).build())
                .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.CLEAN)
                .withPingTimeoutMs((long) PING_TIMEOUT_MS)
                .withLifecycleEvents(new Lifecycle(connected))
                .build();
        try (Mqtt5Client mqtt = new Mqtt5Client(options)) {
            mqtt.start();
            connected.get(TIMEOUT_S, TimeUnit.SECONDS);
            try (IotShadowV2Client shadow = IotShadowV2Client.newFromMqtt5(mqtt, requestResponseOptions())) {
                exerciseV2Client(id, shadow);
            } finally {
                mqtt.stop();
            }
        }
    }

    @Test
    void shadowV2ClientOverMqtt311GetsUpdatesAndHearsDeltas() throws Exception {
        String id = "aws-v2-3";
        try (Mqtt311 mqtt = new Mqtt311(node.host(), node.port(), id, things.register(id))) {
            try (IotShadowV2Client shadow = IotShadowV2Client.newFromMqtt311(mqtt.connection, requestResponseOptions())) {
                exerciseV2Client(id, shadow);
            }
        }
    }

    @Test
    void classicShadowClientOverMqtt311GetsUpdatesAndHearsDeltas() throws Exception {
        String id = "aws-v1-3";
        try (Mqtt311 mqtt = new Mqtt311(node.host(), node.port(), id, things.register(id))) {
            exerciseClassicClient(id, new IotShadowClient(mqtt.connection));
        }
    }

    private void exerciseV2Client(String id, IotShadowV2Client shadow) throws Exception {
        GetShadowRequest get = new GetShadowRequest();
        get.thingName = id;
        assertThatThrownBy(() -> shadow.getShadow(get).get(TIMEOUT_S, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(V2ErrorResponseException.class)
                .satisfies(e -> {
                    V2ErrorResponse error = ((V2ErrorResponseException) e).getModeledError();
                    assertThat(error).as("the hub's rejection, not a time-out: " + e).isNotNull();
                    assertThat(error.code).isEqualTo(404);
                });

        BlockingQueue<ShadowDeltaUpdatedEvent> deltas = new LinkedBlockingQueue<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        ShadowDeltaUpdatedSubscriptionRequest deltaRequest = new ShadowDeltaUpdatedSubscriptionRequest();
        deltaRequest.thingName = id;
        V2ClientStreamOptions<ShadowDeltaUpdatedEvent> streamOptions = V2ClientStreamOptions
                .<ShadowDeltaUpdatedEvent>builder()
                .withStreamEventHandler(deltas::add)
                .withSubscriptionEventHandler(e -> {
                    if (e.getType() == SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED) {
                        subscribed.complete(null);
                    } else {
                        subscribed.completeExceptionally(new AssertionError("delta stream: " + e.getType()));
                    }
                })
                .build();
        try (StreamingOperation stream = shadow.createShadowDeltaUpdatedStream(deltaRequest, streamOptions)) {
            stream.open();
            subscribed.get(TIMEOUT_S, TimeUnit.SECONDS);

            UpdateShadowRequest report = new UpdateShadowRequest();
            report.thingName = id;
            report.state = new ShadowState();
            report.state.reported = map("temp", 21);
            UpdateShadowResponse reported = shadow.updateShadow(report).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(reported.version).isEqualTo(1);
            assertThat(reported.state.reported).containsEntry("temp", 21.0);

            setDesiredAsApplication(id, "{\"temp\":19}");
            ShadowDeltaUpdatedEvent delta = deltas.poll(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(delta).as("delta callback").isNotNull();
            assertThat(delta.state).containsEntry("temp", 19.0);
            assertThat(delta.version).isEqualTo(2);

            GetShadowResponse doc = shadow.getShadow(get).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(doc.version).isEqualTo(2);
            assertThat(doc.state.desired).containsEntry("temp", 19.0);
            assertThat(doc.state.reported).containsEntry("temp", 21.0);
            assertThat(doc.state.delta).containsEntry("temp", 19.0);
            assertThat(doc.timestamp).isNotNull();

            DeleteShadowRequest delete = new DeleteShadowRequest();
            delete.thingName = id;
            DeleteShadowResponse deleted = shadow.deleteShadow(delete).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(deleted.version).isEqualTo(2);
            assertThatThrownBy(() -> shadow.getShadow(get).get(TIMEOUT_S, TimeUnit.SECONDS))
                    .cause().isInstanceOf(V2ErrorResponseException.class);
        }
    }

    private void exerciseClassicClient(String id, IotShadowClient shadow) throws Exception {
        QualityOfService qos = QualityOfService.AT_LEAST_ONCE;
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        GetShadowSubscriptionRequest getTopics = new GetShadowSubscriptionRequest();
        getTopics.thingName = id;
        UpdateShadowSubscriptionRequest updateTopics = new UpdateShadowSubscriptionRequest();
        updateTopics.thingName = id;
        ShadowDeltaUpdatedSubscriptionRequest deltaTopic = new ShadowDeltaUpdatedSubscriptionRequest();
        deltaTopic.thingName = id;
        BlockingQueue<ShadowDeltaUpdatedEvent> deltas = new LinkedBlockingQueue<>();
        shadow.SubscribeToGetShadowAccepted(getTopics, qos, answers::add).get(TIMEOUT_S, TimeUnit.SECONDS);
        shadow.SubscribeToGetShadowRejected(getTopics, qos, answers::add).get(TIMEOUT_S, TimeUnit.SECONDS);
        shadow.SubscribeToUpdateShadowAccepted(updateTopics, qos, answers::add).get(TIMEOUT_S, TimeUnit.SECONDS);
        shadow.SubscribeToUpdateShadowRejected(updateTopics, qos, answers::add).get(TIMEOUT_S, TimeUnit.SECONDS);
        shadow.SubscribeToShadowDeltaUpdatedEvents(deltaTopic, qos, deltas::add).get(TIMEOUT_S, TimeUnit.SECONDS);

        GetShadowRequest get = new GetShadowRequest();
        get.thingName = id;
        get.clientToken = "v1-get-1";
        shadow.PublishGetShadow(get, qos).get(TIMEOUT_S, TimeUnit.SECONDS);
        Object missing = answers.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(missing).isInstanceOf(ErrorResponse.class);
        assertThat(((ErrorResponse) missing).code).isEqualTo(404);
        assertThat(((ErrorResponse) missing).clientToken).isEqualTo("v1-get-1");

        UpdateShadowRequest report = new UpdateShadowRequest();
        report.thingName = id;
        report.clientToken = "v1-up-1";
        report.state = new ShadowState();
        report.state.reported = map("speed", 3);
        shadow.PublishUpdateShadow(report, qos).get(TIMEOUT_S, TimeUnit.SECONDS);
        Object accepted = answers.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(accepted).isInstanceOf(UpdateShadowResponse.class);
        assertThat(((UpdateShadowResponse) accepted).version).isEqualTo(1);
        assertThat(((UpdateShadowResponse) accepted).clientToken).isEqualTo("v1-up-1");

        setDesiredAsApplication(id, "{\"speed\":5}");
        ShadowDeltaUpdatedEvent delta = deltas.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(delta).as("delta callback").isNotNull();
        assertThat(delta.state).containsEntry("speed", 5.0);
        assertThat(delta.version).isEqualTo(2);

        get.clientToken = "v1-get-2";
        shadow.PublishGetShadow(get, qos).get(TIMEOUT_S, TimeUnit.SECONDS);
        Object doc = answers.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(doc).isInstanceOf(GetShadowResponse.class);
        GetShadowResponse shadowDoc = (GetShadowResponse) doc;
        assertThat(shadowDoc.version).isEqualTo(2);
        assertThat(shadowDoc.state.desired).containsEntry("speed", 5.0);
        assertThat(shadowDoc.state.reported).containsEntry("speed", 3.0);
        assertThat(shadowDoc.state.delta).containsEntry("speed", 5.0);
        assertThat(shadowDoc.clientToken).isEqualTo("v1-get-2");
    }

    /** An administrator's back end changes desired through {@code $twin}, not through the SDK. */
    private void setDesiredAsApplication(String id, String desired) {
        ShadowClient app = things.admin(Protocol.MQTT_5, "backend-" + id);
        Shadow twin = Shadow.twin(id);
        app.subscribed(twin.topic("update/accepted"));
        app.request(twin.topic("update"), update(desired, null, "backend"));
        assertThat(app.next().version()).isEqualTo(2);
        app.close();
    }

    private static MqttRequestResponseClientOptions requestResponseOptions() {
        return MqttRequestResponseClientOptions.builder().withMaxRequestResponseSubscriptions(4)
                .withMaxStreamingSubscriptions(2).withOperationTimeoutSeconds(TIMEOUT_S).build();
    }

    private static HashMap<String, Object> map(String key, Object value) {
        return new HashMap<>(Map.of(key, value));
    }

    /** A CRT MQTT 3.1.1 connection over plain TCP, logged in as the device. */
    private static final class Mqtt311 implements AutoCloseable {
        final MqttClient client = new MqttClient();
        final MqttConnectionConfig config = new MqttConnectionConfig();
        final MqttClientConnection connection;

        Mqtt311(String host, int port, String id, String token) throws Exception {
            config.setMqttClient(client);
            config.setEndpoint(host);
            config.setPort(port);
            config.setClientId(id);
            config.setUsername(id);
            config.setPassword(token);
            config.setCleanSession(true);
            config.setKeepAliveSecs(KEEP_ALIVE_S);
            config.setPingTimeoutMs(PING_TIMEOUT_MS);
            config.setConnectionCallbacks(new MqttClientConnectionEvents() {
                @Override
                public void onConnectionInterrupted(int errorCode) { }

                @Override
                public void onConnectionResumed(boolean sessionPresent) { }
            });
            connection = new MqttClientConnection(config);
            connection.connect().get(TIMEOUT_S, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            try {
                connection.disconnect().get(TIMEOUT_S, TimeUnit.SECONDS);
            } finally {
                connection.close();
                config.close();
                client.close();
            }
        }
    }

    /** Completes {@code connected} on the first CONNACK, or fails it. */
    private record Lifecycle(CompletableFuture<Void> connected) implements Mqtt5ClientOptions.LifecycleEvents {
        @Override
        public void onAttemptingConnect(Mqtt5Client client, OnAttemptingConnectReturn r) { }

        @Override
        public void onConnectionSuccess(Mqtt5Client client, OnConnectionSuccessReturn r) {
            connected.complete(null);
        }

        @Override
        public void onConnectionFailure(Mqtt5Client client, OnConnectionFailureReturn r) {
            connected.completeExceptionally(new AssertionError("connect failed: error " + r.getErrorCode()));
        }

        @Override
        public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn r) { }

        @Override
        public void onStopped(Mqtt5Client client, OnStoppedReturn r) { }
    }
}

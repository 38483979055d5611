package io.twinhub.it.shadow;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One MQTT connection (HiveMQ client, 3.1.1 or 5.0) that collects what it receives. The hub's
 * retained presence documents are left out: a device subscribed to its whole thing gets them,
 * and they are not shadow answers.
 */
public final class ShadowClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    /** How long to listen when asserting that nothing (more) arrives. */
    public static final Duration QUIET = Duration.ofMillis(500);

    public enum Protocol {
        MQTT_3_1_1, MQTT_5;

        @Override
        public String toString() {
            return this == MQTT_5 ? "MQTT 5.0" : "MQTT 3.1.1";
        }
    }

    /** PUBACK reason code 0x87 (MQTT 5); for 3.1.1, where there is none, publishes report 0. */
    public static final int NOT_AUTHORIZED = 0x87;

    private final String clientId;
    private final Mqtt3AsyncClient v3;
    private final Mqtt5AsyncClient v5;
    private final BlockingQueue<Answer> inbox = new LinkedBlockingQueue<>();

    private ShadowClient(String clientId, Mqtt3AsyncClient v3, Mqtt5AsyncClient v5) {
        this.clientId = clientId;
        this.v3 = v3;
        this.v5 = v5;
    }

    /** Connects with clean session; {@code username} null for none. Fails if the hub refuses. */
    public static ShadowClient connect(Protocol protocol, String host, int port, String clientId, String username,
                                String password) {
        byte[] secret = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        ShadowClient c;
        if (protocol == Protocol.MQTT_5) {
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                    .serverHost(host).serverPort(port).buildAsync();
            c = new ShadowClient(clientId, null, client);
            client.publishes(MqttGlobalPublishFilter.ALL, p -> c.received(p.getTopic().toString(), p.getPayloadAsBytes()));
            var connect = client.connectWith().cleanStart(true);
            if (username != null) {
                connect = connect.simpleAuth().username(username).password(secret).applySimpleAuth();
            }
            await(connect.send(), "CONNECT of " + clientId);
        } else {
            Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                    .serverHost(host).serverPort(port).buildAsync();
            c = new ShadowClient(clientId, client, null);
            client.publishes(MqttGlobalPublishFilter.ALL, p -> c.received(p.getTopic().toString(), p.getPayloadAsBytes()));
            var connect = client.connectWith().cleanSession(true);
            if (username != null) {
                connect = connect.simpleAuth().username(username).password(secret).applySimpleAuth();
            }
            await(connect.send(), "CONNECT of " + clientId);
        }
        return c;
    }

    private void received(String topic, byte[] payload) {
        if (!topic.endsWith("/presence")) {
            inbox.add(Answer.of(topic, payload));
        }
    }

    /** Subscribes at QoS 1; whether the hub granted the filter. */
    public boolean subscribe(String filter) {
        try {
            if (v5 != null) {
                Mqtt5SubAck ack = await(v5.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send(),
                        "SUBSCRIBE " + filter);
                return !ack.getReasonCodes().getFirst().isError();
            }
            Mqtt3SubAck ack = await(v3.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send(),
                    "SUBSCRIBE " + filter);
            return !ack.getReturnCodes().getFirst().isError();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Mqtt5SubAckException || e.getCause() instanceof Mqtt3SubAckException) {
                return false;
            }
            throw e;
        }
    }

    /** Subscribes and fails the test unless granted. */
    public ShadowClient subscribed(String... filters) {
        for (String f : filters) {
            if (!subscribe(f)) {
                throw new AssertionError(clientId + " was refused " + f);
            }
        }
        return this;
    }

    /**
     * Publishes without waiting; completes with the PUBACK reason code for MQTT 5 QoS 1 (0 on
     * success), else 0 once sent.
     */
    public CompletableFuture<Integer> publishAsync(String topic, byte[] payload, int qos) {
        MqttQos q = MqttQos.fromCode(qos);
        if (v5 != null) {
            return v5.publishWith().topic(topic).qos(q).payload(payload).send().handle((r, error) -> {
                if (error == null) {
                    return r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1 ? q1.getPubAck().getReasonCode().getCode() : 0;
                }
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof Mqtt5PubAckException nack) {
                    return nack.getMqttMessage().getReasonCode().getCode();
                }
                throw new CompletionException(cause);
            });
        }
        return v3.publishWith().topic(topic).qos(q).payload(payload).send().thenApply(r -> 0);
    }

    /** Publishes and waits until it is sent (QoS 0) or acknowledged; the PUBACK reason code as above. */
    public int publish(String topic, String payload, int qos) {
        return await(publishAsync(topic, payload.getBytes(StandardCharsets.UTF_8), qos), "PUBLISH " + topic);
    }

    /** A request at QoS 1, as devices usually send them. */
    public void request(String topic, String payload) {
        int code = publish(topic, payload, 1);
        if (code != 0) {
            throw new AssertionError(clientId + ": PUBLISH " + topic + " acknowledged with 0x" + Integer.toHexString(code));
        }
    }

    /** The next message, failing the test if none comes within {@link #WAIT}. */
    public Answer next() {
        return poll(WAIT).orElseThrow(() -> new AssertionError(clientId + ": no message within " + WAIT));
    }

    /** The next message on {@code topic}, dropping others; fails after {@link #WAIT}. */
    public Answer next(String topic) {
        return next(a -> a.topic().equals(topic), "on " + topic);
    }

    /** The next message matching, dropping the others; fails after {@link #WAIT}. */
    public Answer next(Predicate<Answer> wanted, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Answer> dropped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<Answer> a = left > 0 ? poll(Duration.ofNanos(left)) : Optional.empty();
            if (a.isEmpty()) {
                throw new AssertionError(clientId + ": no message " + what + " within " + WAIT + "; got " + dropped);
            }
            if (wanted.test(a.get())) {
                return a.get();
            }
            dropped.add(a.get());
        }
    }

    public Optional<Answer> poll(Duration wait) {
        try {
            return Optional.ofNullable(inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Everything that arrives until nothing has for {@link #QUIET}. */
    public List<Answer> drain() {
        List<Answer> all = new ArrayList<>();
        for (Optional<Answer> a = poll(QUIET); a.isPresent(); a = poll(QUIET)) {
            all.add(a.get());
        }
        return all;
    }

    public boolean isConnected() {
        return v5 != null ? v5.getState().isConnected() : v3.getState().isConnected();
    }

    public String clientId() {
        return clientId;
    }

    @Override
    public void close() {
        try {
            if (isConnected()) {
                (v5 != null ? v5.disconnect() : v3.disconnect()).get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException ignored) {
            // gone already, e.g. the node was killed
        }
    }

    public static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": no answer within " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

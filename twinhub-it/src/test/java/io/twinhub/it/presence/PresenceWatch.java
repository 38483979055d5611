package io.twinhub.it.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT 5 client subscribed to {@code $twin/things/+/presence}, as a dashboard would be: it
 * keeps the presence documents it receives per device, with the time each arrived, and checks
 * that every one has exactly the contract's shape.
 */
public final class PresenceWatch implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final String FILTER = "$twin/things/+/presence";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One presence document as received. */
    public record Doc(String device, boolean online, long since, long lastSeen, boolean retained,
                      long receivedAtMillis) { }

    private final Mqtt5AsyncClient client;
    private final ConcurrentMap<String, BlockingQueue<Doc>> docs = new ConcurrentHashMap<>();

    private PresenceWatch(Mqtt5AsyncClient client) {
        this.client = client;
    }

    /** Connects with user name and password and subscribes; returns once the subscription is granted. */
    public static PresenceWatch start(int port, String clientId, String username, String password) {
        PresenceWatch watch = connect(port, clientId, username, password, 0, true);
        watch.subscribe();
        return watch;
    }

    /**
     * A watcher whose session outlives its connection (5 minutes), so that it also receives what
     * is published while it is away, a restart included. {@code resume}: take up the session
     * (and its subscription) from an earlier connection; else start one and subscribe.
     */
    public static PresenceWatch persistent(int port, String clientId, String username, String password,
                                           boolean resume) {
        PresenceWatch watch = connect(port, clientId, username, password, 300, !resume);
        if (!resume) {
            watch.subscribe();
        }
        return watch;
    }

    private static PresenceWatch connect(int port, String clientId, String username, String password,
                                         long sessionExpirySeconds, boolean cleanStart) {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        PresenceWatch watch = new PresenceWatch(client);
        // registered before CONNECT: a resumed session hands out what it queued right after CONNACK
        client.publishes(MqttGlobalPublishFilter.ALL, watch::received);
        var connAck = client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(sessionExpirySeconds)
                .simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send().join();
        if (!cleanStart && !connAck.isSessionPresent()) {
            throw new AssertionError("the watcher's session was not kept");
        }
        return watch;
    }

    private void subscribe() {
        var granted = client.subscribeWith().topicFilter(FILTER).qos(MqttQos.AT_LEAST_ONCE).send().join();
        if (granted.getReasonCodes().get(0).isError()) {
            throw new AssertionError("presence subscription refused: " + granted.getReasonCodes());
        }
    }

    private void received(Mqtt5Publish p) {
        String topic = p.getTopic().toString();
        String device = topic.substring("$twin/things/".length(), topic.length() - "/presence".length());
        Doc doc = parse(device, p.getPayloadAsBytes(), p.isRetain());
        docs.computeIfAbsent(device, d -> new LinkedBlockingQueue<>()).add(doc);
    }

    /** The contract's document, {@code {"online":…,"since":…,"lastSeen":…}} and nothing else. */
    static Doc parse(String device, byte[] payload, boolean retained) {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        if (!Set.copyOf(fields).equals(Set.of("online", "since", "lastSeen")) || fields.size() != 3
                || !n.get("online").isBoolean() || !n.get("since").isIntegralNumber()
                || !n.get("lastSeen").isIntegralNumber()) {
            throw new AssertionError("not a presence document: " + new String(payload, StandardCharsets.UTF_8));
        }
        return new Doc(device, n.get("online").asBoolean(), n.get("since").asLong(), n.get("lastSeen").asLong(),
                retained, System.currentTimeMillis());
    }

    /** The next document for {@code device}, failing after {@link #WAIT}. */
    public Doc next(String device) throws InterruptedException {
        return within(device, WAIT).orElseThrow(() -> new AssertionError("no presence document for " + device
                + " within " + WAIT));
    }

    /** The next document for {@code device} if one comes within {@code wait}. */
    public Optional<Doc> within(String device, Duration wait) throws InterruptedException {
        return Optional.ofNullable(queue(device).poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Every document for {@code device} that arrives until none came for {@code quiet}. */
    public List<Doc> untilQuiet(String device, Duration quiet) throws InterruptedException {
        List<Doc> got = new ArrayList<>();
        for (Optional<Doc> d; (d = within(device, quiet)).isPresent(); ) {
            got.add(d.get());
        }
        return got;
    }

    private BlockingQueue<Doc> queue(String device) {
        return docs.computeIfAbsent(device, d -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect().join();
        }
    }
}

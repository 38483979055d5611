package io.twinhub.core;

import io.twinhub.core.message.Message;
import io.twinhub.core.metrics.BrokerMetrics;
import io.twinhub.core.request.TopicRequests;
import io.twinhub.core.telemetry.TelemetryIngest;
import io.twinhub.core.routing.Router;
import io.twinhub.core.session.SessionRegistry;
import io.twinhub.core.session.SessionServices;
import io.twinhub.core.session.SessionLoop;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.InMemoryRetainedStore;
import io.twinhub.core.store.RecoveredState;
import io.twinhub.core.store.RetainedStore;

import io.twinhub.core.presence.PresenceAnnouncer;
import io.twinhub.core.presence.PresenceTopics;
import io.twinhub.core.presence.PresenceTracker;
import io.twinhub.core.presence.PresenceWrites;
import io.twinhub.core.topic.SubscriptionTree;
import io.twinhub.core.topic.TopicRules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's domain in one place: sessions, the subscription trie, retained messages and the
 * router, wired by constructor. Transports call into it; it knows nothing of sockets.
 */
public final class Broker implements SessionServices, AutoCloseable {

    private final BrokerLimits limits;
    private final BrokerMetrics metrics = new BrokerMetrics();
    private final SubscriptionTree subscriptions = new SubscriptionTree();
    private final SessionRegistry registry = new SessionRegistry();
    private final RetainedStore retained = new InMemoryRetainedStore();
    private final BrokerStore store;
    private final Router router;
    private final TopicRules topicRules;
    private final PresenceTracker presence;
    private final PresenceWrites presenceWrites;
    private volatile TopicRequests requests = TopicRequests.NONE;
    private volatile TelemetryIngest telemetry = TelemetryIngest.NONE;
    private final ScheduledExecutorService presenceTimer;

    /** Heartbeat window per the contract's default. */
    public static final long DEFAULT_HEARTBEAT_WINDOW_MILLIS = 90_000;
    private static final Pattern PRESENCE_DOCUMENT =
            Pattern.compile("\\{\"online\":(true|false),\"since\":(\\d+),\"lastSeen\":(\\d+)}");

    public Broker(BrokerLimits limits, BrokerStore store) {
        this(limits, store, DEFAULT_HEARTBEAT_WINDOW_MILLIS);
    }

    public Broker(BrokerLimits limits, BrokerStore store, long heartbeatWindowMillis) {
        this.limits = limits;
        this.store = store;
        this.router = new Router(subscriptions, registry, retained, store);
        this.topicRules = new TopicRules(limits.maxTopicLength(), limits.maxTopicLevels());
        this.presenceTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("twinhub-presence").daemon(true).factory());
        this.presenceWrites = new PresenceWrites(store, presenceTimer, PresenceWrites.DEFAULT_INTERVAL_MILLIS);
        this.presence = new PresenceTracker(PresenceAnnouncer.retainedOn(router, presenceWrites), presenceTimer, this::nowMillis,
                heartbeatWindowMillis);
        registry.bind(this);
    }

    @Override public BrokerLimits limits() { return limits; }
    @Override public BrokerMetrics metrics() { return metrics; }
    @Override public SubscriptionTree subscriptions() { return subscriptions; }
    @Override public SessionRegistry registry() { return registry; }
    public RetainedStore retained() { return retained; }
    @Override public BrokerStore store() { return store; }
    public Router router() { return router; }
    public TopicRules topicRules() { return topicRules; }
    public PresenceTracker presence() { return presence; }
    public TopicRequests requests() { return requests; }

    public TelemetryIngest telemetry() { return telemetry; }

    /** Installs the service that takes telemetry topics; before the listeners open. */
    public void ingestTelemetry(TelemetryIngest telemetry) {
        this.telemetry = telemetry;
    }

    /** Installs the service that answers request topics (shadows); before the listeners open. */
    public void answerRequests(TopicRequests requests) {
        this.requests = requests;
    }

    /**
     * Loads what the store kept: retained messages, and persistent sessions (offline, each owned
     * by a loop from {@code loops}) with their subscriptions, queues and QoS 2 state. Runs once,
     * before any listener opens.
     */
    public void recover(Supplier<SessionLoop> loops) {
        RecoveredState state = store.recover();
        state.retained().forEach(retained::put);
        registry.restore(state, loops);
        restorePresence();
    }

    /** Devices the retained presence documents show: nothing is connected after a start, so all are offline now. */
    private void restorePresence() {
        List<Message> documents = new ArrayList<>();
        retained.match(PresenceTopics.presence("+"), documents::add); // collected first: restoring publishes
        for (Message m : documents) {
            String deviceId = PresenceTopics.presenceDevice(m.topic());
            Matcher doc = PRESENCE_DOCUMENT.matcher(new String(m.payload().toByteArray(), StandardCharsets.UTF_8));
            if (deviceId != null && doc.matches()) {
                presence.restore(deviceId, Boolean.parseBoolean(doc.group(1)), Long.parseLong(doc.group(2)),
                        Long.parseLong(doc.group(3)));
            }
        }
    }

    /** Wills are stored like any message a client publishes, then handed out. */
    @Override
    public void publishWill(Message will) {
        router.publishDurably(will, store.newGroup(), false, (delivered, error) -> { });
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    /**
     * Writes the presence documents still waiting for their group, then stops the presence
     * timer: heartbeat windows still open are not ended (and not announced
     * offline); the next start announces them offline from the retained documents. Call it after
     * the listeners closed, so that the connections' ends are announced first.
     */
    @Override
    public void close() {
        presenceWrites.flushAndStopPacing();
        presenceTimer.shutdownNow();
    }
}

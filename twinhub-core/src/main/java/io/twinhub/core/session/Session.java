package io.twinhub.core.session;

import io.twinhub.core.metrics.BrokerMetrics.DropReason;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MQTT session: its subscriptions, the messages in flight to the client, the messages queued
 * for it, and the QoS 2 packets it is still releasing towards us.
 *
 * <p>Threading: a session is a single-writer actor. Its state is touched only on its
 * {@link #owner()} loop — the loop of the attached connection, or the loop of the last one while
 * offline. Other threads hand it deliveries through {@link #offer}, a lock-free inbox drained on
 * the owner; the inbox keeps each publisher's order whichever loop drains it. The owner changes
 * only on the owner's own thread (when a new connection takes the session over), so no two
 * threads ever touch the state at once.
 */
public final class Session {

    private final String clientId;
    private final SessionServices services;
    private volatile SessionLoop owner;

    private final AtomicLong lastSeq = new AtomicLong();
    /** Mirrors {@code journal.isStored()} for readers on other loops (the router). */
    private volatile boolean persistent;
    private final SessionJournal journal;

    private final ConcurrentLinkedQueue<Delivery> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;

    private volatile SessionConnection connection;
    /** Counts connects; a connect that finds it changed was overtaken by a newer one. */
    private volatile int generation;
    /** The record for the connect under way was already written, with its CONNACK waiting on it. */
    private boolean savedForConnect;
    private volatile boolean ended;
    private SessionConnection connecting;
    private boolean resumable;
    private long expirySeconds;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final OutboundQueue outbound;
    private BitSet awaitingRelease;
    private int awaitingReleaseCount;
    private Will will;
    private SessionLoop.Cancellable willTimer;
    private SessionLoop.Cancellable expiryTimer;

    Session(String clientId, SessionServices services, SessionLoop owner) {
        this.clientId = clientId;
        this.services = services;
        this.owner = owner;
        this.journal = new SessionJournal(clientId, services.store(), false, this::runOnOwner, this::runLaterOnOwner);
        // Sequence numbers of a new session start above any an earlier session with this client
        // id could have left in the store.
        this.lastSeq.set(System.currentTimeMillis() * 1000);
        this.outbound = new OutboundQueue(services, journal, () -> connection);
    }

    /**
     * A session read back from the store at start: offline, owned by {@code loop}, its queue and
     * QoS 2 state as they were. Its expiry runs from when it was disconnected (or from now, if it
     * was cut by a crash), and a will cut short by the crash is published as MQTT requires.
     */
    static Session restore(SessionServices services, SessionLoop loop, SessionRecord record,
                           Iterable<Subscription> subs, Iterable<QueuedMessage> queue, Iterable<Integer> inboundQos2) {
        Session s = new Session(record.clientId(), services, loop);
        s.journal.saveSessionMarker();
        s.persistent = true;
        s.resumable = true;
        s.expirySeconds = record.expirySeconds();
        for (Subscription sub : subs) {
            s.subscriptions.put(sub.fullFilter(), sub);
            services.subscriptions().put(sub);
        }
        long maxSeq = 0;
        for (QueuedMessage q : queue) {
            Delivery d = new Delivery(q.message(), q.message().payload(), q.qos(), q.retain(), q.subscriptionIds());
            d.storedAs(q.seq());
            s.outbound.restore(d, q.state());
            maxSeq = Math.max(maxSeq, q.seq());
        }
        s.lastSeq.set(Math.max(s.lastSeq.get(), maxSeq));
        for (int packetId : inboundQos2) {
            s.beginInboundQos2(packetId);
        }
        s.will = record.will();
        return s;
    }

    /**
     * Starts the timers of a restored session, once it is in the registry: its expiry counts from
     * when it went offline, or from now if a crash cut its connection (then its will goes out too).
     */
    @OwnerOnly
    void resumeOffline(long disconnectedAtMillis) {
        boolean cutByCrash = disconnectedAtMillis == 0;
        long offlineSinceMillis = cutByCrash ? services.nowMillis() : disconnectedAtMillis;
        if (expirySeconds != SessionServices.NEVER_EXPIRES) {
            long left = expirySeconds * 1000 - (services.nowMillis() - offlineSinceMillis);
            if (left <= 0) {
                end();
                return;
            }
            expiryTimer = owner.schedule(this::expireIfOffline, left);
        }
        if (will != null && cutByCrash) {
            long delay = Math.min(will.delaySeconds(), expirySeconds);
            if (delay == 0) {
                publishWill();
            } else {
                willTimer = owner.schedule(this::publishWillIfOffline, delay * 1000);
            }
        } else {
            will = null;
        }
    }

    /** Next sequence number for a QoS 1/2 delivery to this session. */
    @AnyThread
    public long nextSeq() {
        return lastSeq.incrementAndGet();
    }

    /** Whether the session outlives its connection, so its queued messages must be stored. */
    @AnyThread
    public boolean isPersistent() {
        return persistent;
    }

    public String clientId() { return clientId; }

    public SessionLoop owner() { return owner; }

    @AnyThread
    public boolean isConnected() { return connection != null; }

    @AnyThread
    public boolean isEnded() { return ended; }

    /** True when the session is attached to exactly this connection; safe from the connection's loop. */
    @AnyThread
    public boolean isAttachedTo(SessionConnection c) { return connection == c; }

    // ---------------------------------------------------------------- delivery from any thread

    /** Hands the session a message to deliver; takes over the delivery's payload reference. */
    @AnyThread
    public void offer(Delivery delivery) {
        inbox.add(delivery);
        if (drainScheduled.compareAndSet(false, true)) {
            owner.execute(drainTask);
        }
    }

    /** Runs the task on the current owner, following the session if it moves meanwhile. */
    @AnyThread
    public void runOnOwner(Runnable task) {
        SessionLoop o = owner;
        if (o.inLoop()) {
            task.run();
        } else {
            o.execute(() -> runOnOwner(task));
        }
    }

    /** Queues the task on the owner loop, behind what is queued there; it runs wherever the session lives by then. */
    private void runLaterOnOwner(Runnable task) {
        owner.execute(() -> runOnOwner(task));
    }

    private void drain() {
        if (!owner.inLoop()) {
            owner.execute(drainTask);
            return;
        }
        drainScheduled.set(false);
        boolean wrote = false;
        for (Delivery d; (d = inbox.poll()) != null; ) {
            if (ended) {
                d.discard();
                services.metrics().dropped(DropReason.SESSION_ENDED);
            } else {
                assignSeq(d);
                wrote |= outbound.deliver(d, connection);
            }
        }
        SessionConnection c = connection;
        if (wrote && c != null) {
            c.flush();
        }
    }

    // ---------------------------------------------------------------- connecting

    /**
     * Step one of a connect, on the current owner: close out any connection that has the
     * session, reset it for a clean start, then move ownership to the new connection's loop and
     * finish there.
     */
    @OwnerOnly
    void takeOver(SessionConnection incoming, boolean cleanStart, ConnectCallback callback) {
        if (ended) {
            services.registry().connect(clientId, cleanStart, incoming, callback);
            return;
        }
        generation++;
        SessionConnection previous = connection;
        if (previous != null) {
            connectionLost(false);
            previous.closeTakenOver();
        }
        if (connecting != null && connecting != incoming) {
            connecting = null;  // an earlier connect that has not finished loses
        }
        boolean present = resumable && !cleanStart;
        if (cleanStart) {
            clearState();
        }
        connecting = incoming;
        owner = incoming.loop();
        incoming.loop().execute(() -> finishConnect(incoming, present, callback));
    }

    private void finishConnect(SessionConnection incoming, boolean present, ConnectCallback callback) {
        if (ended) {
            services.registry().connect(clientId, !present, incoming, callback);
            return;
        }
        if (connecting != incoming || !owner.inLoop()) {
            callback.superseded();
            return;
        }
        connecting = null;
        callback.attached(this, present);
    }

    /**
     * Step two, called by the transport once it has written CONNACK: the session is live on
     * this connection; messages left in flight are sent again (DUP), then the queue.
     */
    @OwnerOnly
    public void attach(SessionConnection c, long sessionExpirySeconds, Will newWill) {
        cancelTimers();
        connection = c;
        resumable = true;
        expirySeconds = sessionExpirySeconds;
        will = newWill;
        if (expirySeconds > 0) {
            boolean wasStored = journal.isStored() && !savedForConnect;
            if (!savedForConnect) {
                journal.saveSession(new SessionRecord(clientId, expirySeconds, 0, newWill), BrokerStore.CommitCallback.IGNORE);
            }
            savedForConnect = false;
            persistent = true;
            if (!wasStored) {
                subscriptions.values().forEach(journal::subscribed);
            }
        } else {
            journal.forget();
            persistent = false;
        }
        outbound.resend(c);
        outbound.pump(c);
        drain();
        c.flush();
    }

    /** Which connect this is; compare after waiting to see whether a newer connect took over. */
    @AnyThread
    public int generation() {
        return generation;
    }

    /**
     * Writes the record of a session that will outlive its connection before CONNACK is sent, so
     * that a client told "session present" never finds its session gone after a crash. Calls
     * back on a store thread (or at once when there is nothing to write).
     */
    @OwnerOnly
    public void saveBeforeConnAck(long sessionExpirySeconds, Will newWill, BrokerStore.CommitCallback done) {
        if (sessionExpirySeconds == 0) {
            done.committed(null);
            return;
        }
        boolean wasStored = journal.isStored();
        journal.saveSession(new SessionRecord(clientId, sessionExpirySeconds, 0, newWill), done);
        if (!wasStored) {
            subscriptions.values().forEach(journal::subscribed);
        }
        persistent = true;
        savedForConnect = true;
    }

    /**
     * The attached connection ended. A will is published now or after its delay unless
     * {@code normalDisconnect}; a session with no expiry ends now, others after their expiry.
     */
    @OwnerOnly
    public void connectionLost(boolean normalDisconnect) {
        connection = null;
        if (normalDisconnect) {
            will = null;
        }
        if (expirySeconds == 0) {
            end();
            return;
        }
        journal.saveSession(new SessionRecord(clientId, expirySeconds, services.nowMillis(), will),
                BrokerStore.CommitCallback.IGNORE);
        if (will != null) {
            long delay = Math.min(will.delaySeconds(), expirySeconds);
            if (delay == 0) {
                publishWill();
            } else {
                willTimer = owner.schedule(this::publishWillIfOffline, delay * 1000);
            }
        }
        if (expirySeconds != SessionServices.NEVER_EXPIRES) {
            expiryTimer = owner.schedule(this::expireIfOffline, expirySeconds * 1000);
        }
    }

    /** MQTT 5 DISCONNECT may change the expiry the session gets once the connection ends. */
    @OwnerOnly
    public void setExpirySeconds(long seconds) { expirySeconds = seconds; }

    @OwnerOnly
    public long expirySeconds() { return expirySeconds; }

    private void publishWillIfOffline() {
        if (connection == null && !ended) {
            publishWill();
        }
    }

    private void expireIfOffline() {
        if (connection == null && !ended) {
            end();
        }
    }

    private void publishWill() {
        Will w = will;
        will = null;
        if (willTimer != null) {
            willTimer.cancel();
            willTimer = null;
        }
        if (w != null) {
            services.publishWill(w.toPublish(services.nowMillis()));
        }
    }

    /** Ends the session for good: its will goes out if still pending, its state is freed. */
    @OwnerOnly
    void end() {
        if (ended) {
            return;
        }
        publishWill();
        clearState();
        ended = true;
        journal.forget();
        persistent = false;
        cancelTimers();
        services.registry().remove(this);
        for (Delivery d; (d = inbox.poll()) != null; ) {
            d.discard();
        }
    }

    private void clearState() {
        publishWill();
        for (Subscription s : subscriptions.values()) {
            services.subscriptions().remove(clientId, s.shareGroup(), s.filter());
        }
        subscriptions.clear();
        outbound.clear();
        journal.forget();
        persistent = false;
        awaitingRelease = null;
        awaitingReleaseCount = 0;
        resumable = false;
    }

    private void cancelTimers() {
        if (willTimer != null) {
            willTimer.cancel();
            willTimer = null;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel();
            expiryTimer = null;
        }
    }

    // ---------------------------------------------------------------- subscriptions

    /** Adds or replaces a subscription; returns the one it replaced, or null. */
    @OwnerOnly
    public Subscription subscribe(Subscription s) {
        Subscription previous = subscriptions.put(s.fullFilter(), s);
        services.subscriptions().put(s);
        return previous;
    }

    /**
     * Makes a SUBSCRIBE's new subscriptions durable (for a session that outlives its connection)
     * and then runs {@code thenOnOwner}, which sends the SUBACK: a subscription acknowledged is
     * a subscription that survives a crash.
     */
    @OwnerOnly
    public void persistSubscriptions(Iterable<Subscription> subs, Runnable thenOnOwner) {
        journal.subscribed(subs, thenOnOwner);
    }

    /** Removes the subscription with this filter as the client wrote it; true if there was one. */
    @OwnerOnly
    public boolean unsubscribe(String fullFilter) {
        Subscription s = subscriptions.remove(fullFilter);
        if (s == null) {
            return false;
        }
        services.subscriptions().remove(clientId, s.shareGroup(), s.filter());
        journal.unsubscribed(fullFilter);
        return true;
    }

    @OwnerOnly
    public int subscriptionCount() { return subscriptions.size(); }

    @OwnerOnly
    public boolean hasSubscription(String fullFilter) { return subscriptions.containsKey(fullFilter); }

    @OwnerOnly
    public Collection<Subscription> subscriptions() { return subscriptions.values(); }

    /**
     * For routers on any loop: true (and the drop counted) when this session's queue is full, so
     * a QoS 1/2 message for it would be refused on arrival; the router then neither stores nor
     * hands it out. Approximate: a queue that just got room may still refuse one.
     */
    @AnyThread
    public boolean refusesQueued() {
        if (outbound.isFull()) {
            services.metrics().dropped(DropReason.QUEUE_FULL);
            return true;
        }
        return false;
    }

    public void deliverNow(Delivery d) {
        assignSeq(d);
        outbound.deliver(d, connection);
    }

    private void assignSeq(Delivery d) {
        if (d.qos() > 0 && d.seq() == 0) {
            d.assignSeq(nextSeq());
        }
    }

    // ---------------------------------------------------------------- acknowledgements from the client

    /** PUBACK for a QoS 1 message we sent; false if no such packet id was in flight. */
    @OwnerOnly
    public boolean onPuback(int packetId) {
        return outbound.acknowledge(packetId, 1, connection);
    }

    /** PUBREC for a QoS 2 message we sent: answers PUBREL; false if not in flight. */
    @OwnerOnly
    public boolean onPubrec(int packetId) {
        return outbound.received(packetId, connection);
    }

    /** PUBCOMP ends a QoS 2 delivery; false if not in flight. */
    @OwnerOnly
    public boolean onPubcomp(int packetId) {
        return outbound.acknowledge(packetId, 2, connection);
    }

    // ---------------------------------------------------------------- QoS 2 from the client

    /**
     * A QoS 2 PUBLISH arrived with this packet id. True when it is new and must be routed; false
     * when it is a resend of one already routed and awaiting PUBREL (exactly once).
     */
    @OwnerOnly
    public boolean beginInboundQos2(int packetId) {
        if (awaitingRelease == null) {
            awaitingRelease = new BitSet(packetId + 1);
        }
        if (awaitingRelease.get(packetId)) {
            return false;
        }
        awaitingRelease.set(packetId);
        awaitingReleaseCount++;
        return true;
    }

    /** PUBREL arrived: forget the packet id. False if it was not awaiting release. */
    @OwnerOnly
    public boolean releaseInboundQos2(int packetId) {
        if (awaitingRelease == null || !awaitingRelease.get(packetId)) {
            return false;
        }
        awaitingRelease.clear(packetId);
        awaitingReleaseCount--;
        return true;
    }

    /** QoS 2 messages received from the client and not yet released: counts against Receive Maximum. */
    @OwnerOnly
    public int inboundQos2Pending() { return awaitingReleaseCount; }

    @OwnerOnly
    public int inflightCount() { return outbound.inflightCount(); }

    @OwnerOnly
    public int queuedCount() { return outbound.queuedCount(); }

    @Override
    public String toString() {
        return "Session[" + clientId + (connection != null ? " online" : " offline") + "]";
    }
}

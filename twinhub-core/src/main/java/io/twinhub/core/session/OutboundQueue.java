package io.twinhub.core.session;

import io.twinhub.core.metrics.BrokerMetrics.DropReason;
import io.twinhub.core.store.QueuedMessage;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * The outbound half of a session: QoS 1/2 messages in flight (at most the window the client
 * and the broker allow) and a bounded queue of what waits behind them or for the client to come
 * back. Confined to the session's owner loop.
 *
 * <p>A QoS 1/2 delivery's packet id follows from its sequence number, so a message that was in
 * flight when the node stopped goes out again with the same packet id after a restart, with no
 * extra write per send. In-flight messages sit in send order in a small deque: acknowledgements
 * nearly always match its head, and resending after a reconnect must keep that order.
 *
 * <p>Waiting messages are in two lanes: {@link DeliveryPriority#isUrgent urgent} ones (shadow
 * answers and documents, commands) go out before the others (telemetry, ordinary topics), so a
 * dashboard behind on telemetry still gets a shadow change at once. Each lane keeps its order; the
 * lanes never share a topic, so every topic's messages still go out in order.
 */
final class OutboundQueue {

    private final SessionServices services;
    private final SessionJournal journal;
    /** The connection attached at the time of asking (the session's, which may have changed). */
    private final Supplier<SessionConnection> connection;
    // Sized on first use: a session is made per connect, and most never hold anything here.
    private final ArrayDeque<Inflight> inflight = new ArrayDeque<>(0);
    /** Waiting messages of the normal lane, and of the urgent lane. */
    private final ArrayDeque<Delivery> queued = new ArrayDeque<>(0);
    private final ArrayDeque<Delivery> urgent = new ArrayDeque<>(0);
    private int queuedQos0;
    /**
     * Whether a new QoS 1/2 message would be refused: read by routers on other loops, so that a
     * message a full queue would drop anyway is not first written to the store. Written only
     * when it changes; a stale read merely lets the queue itself decide.
     */
    private volatile boolean full;

    OutboundQueue(SessionServices services, SessionJournal journal, Supplier<SessionConnection> connection) {
        this.services = services;
        this.journal = journal;
        this.connection = connection;
    }

    static int packetIdFor(long seq) {
        return (int) ((seq - 1) % 0xFFFF) + 1;
    }

    int inflightCount() { return inflight.size(); }

    int queuedCount() { return queued.size() + urgent.size(); }

    boolean isFull() { return full; }

    private void updateFull() {
        boolean f = queuedCount() >= services.limits().maxQueuedMessages() && queuedQos0 == 0;
        if (f != full) {
            full = f;
        }
    }

    /**
     * Sends or queues one delivery. Returns true when something was written (caller flushes).
     * QoS 0 goes straight out while the socket keeps up and is dropped (counted) when it does not:
     * a slow subscriber must not make the broker buffer without bound.
     */
    boolean deliver(Delivery d, SessionConnection c) {
        if (d.message().isExpired(services.nowMillis())) {
            drop(d, DropReason.EXPIRED);
            return false;
        }
        if (d.qos() > 0) {
            journal.queued(d);
        }
        if (c == null) {
            enqueue(d);
            return false;
        }
        if (d.qos() == 0) {
            if (!c.isWritable()) {
                drop(d, DropReason.SLOW_SUBSCRIBER_QOS0);
                return false;
            }
            c.writePublish(d, 0, false);
            return true;
        }
        if (queued.isEmpty() && urgent.isEmpty() && canSend(d, c)) {
            send(c, d);
            return true;
        }
        enqueue(d);
        return false;
    }

    /** Moves queued messages out while the window has room. */
    void pump(SessionConnection c) {
        if (c == null) {
            return;
        }
        boolean wrote = false;
        long now = services.nowMillis();
        while (!queued.isEmpty() || !urgent.isEmpty()) {
            ArrayDeque<Delivery> lane = urgent.isEmpty() ? queued : urgent;
            Delivery d = lane.peekFirst();
            if (d.qos() > 0 && !canSend(d, c)) {
                break;
            }
            lane.pollFirst();
            if (d.qos() == 0) {
                queuedQos0--;
            }
            if (d.message().isExpired(now)) {
                drop(d, DropReason.EXPIRED);
            } else if (d.qos() == 0) {
                c.writePublish(d, 0, false);
            } else {
                send(c, d);
            }
            wrote = true;
        }
        if (wrote) {
            updateFull();
            c.flush();
        }
    }

    /** After a reconnect: every unacknowledged message again, in order, with DUP set. */
    void resend(SessionConnection c) {
        for (Iterator<Inflight> it = inflight.iterator(); it.hasNext(); ) {
            Inflight f = it.next();
            if (f.released) {
                if (f.releaseDurable) {
                    c.writePubrel(f.packetId);
                }
            } else if (!c.writePublish(f.delivery, f.packetId, true)) {
                it.remove();  // can never be sent to this client (too large): counted by the transport
                journal.removed(f.delivery);
            }
        }
    }

    /** PUBACK (qos 1) or PUBCOMP (qos 2): the delivery is complete. */
    boolean acknowledge(int packetId, int qos, SessionConnection c) {
        for (Iterator<Inflight> it = inflight.iterator(); it.hasNext(); ) {
            Inflight f = it.next();
            if (f.packetId == packetId) {
                if (f.delivery.qos() != qos || (qos == 2 && !f.released)) {
                    return false;
                }
                it.remove();
                journal.removed(f.delivery);
                pump(c);
                return true;
            }
        }
        return false;
    }

    /** PUBREC for a QoS 2 delivery: the message itself is no longer needed, PUBREL follows. */
    boolean received(int packetId, SessionConnection c) {
        for (Inflight f : inflight) {
            if (f.packetId == packetId && f.delivery.qos() == 2) {
                if (!f.released) {
                    // PUBREL only once "released" is durable: after a crash the broker must not
                    // send this PUBLISH again to a client that was already told to release it.
                    f.released = true;
                    journal.released(f.delivery, () -> releaseDurable(f));
                } else if (f.releaseDurable && c != null) {
                    c.writePubrel(packetId);
                    c.flush();
                }
                return true;
            }
        }
        return false;
    }

    private void releaseDurable(Inflight f) {
        f.releaseDurable = true;
        SessionConnection c = connection.get();
        if (c != null && inflight.contains(f)) {
            c.writePubrel(f.packetId);
            c.flush();
        }
    }

    /** Puts back what a restarted node found in the store, in sequence order. */
    void restore(Delivery d, QueuedMessage.State state) {
        // Whether a queued message reached the client before the restart is not recorded (that
        // would cost a write per send), so every restored message goes out with DUP set.
        d.markPossiblySent();
        if (state == QueuedMessage.State.QUEUED) {
            laneOf(d).addLast(d);
            updateFull();
        } else {
            Inflight f = new Inflight(packetIdFor(d.seq()), d);
            f.released = state == QueuedMessage.State.RELEASED;
            f.releaseDurable = f.released;
            inflight.addLast(f);
        }
    }

    void clear() {
        for (Inflight f : inflight) {
            f.delivery.discard();
        }
        inflight.clear();
        for (Delivery d : queued) {
            d.discard();
        }
        for (Delivery d : urgent) {
            d.discard();
        }
        queued.clear();
        urgent.clear();
        queuedQos0 = 0;
        updateFull();
    }

    /** Room in the window, and the packet id this delivery needs is not still in flight. */
    private boolean canSend(Delivery d, SessionConnection c) {
        int window = Math.min(services.limits().maxInflight(), c.clientReceiveMaximum());
        return inflight.size() < window && !inUse(packetIdFor(d.seq()));
    }

    private void send(SessionConnection c, Delivery d) {
        // Kept for redelivery, so it must not pin a socket buffer.
        d.detach();
        int packetId = packetIdFor(d.seq());
        Inflight f = new Inflight(packetId, d);
        inflight.addLast(f);
        if (!c.writePublish(d, packetId, d.possiblySent())) {
            inflight.removeLast();
            journal.removed(d);
        }
    }

    /**
     * Queues a delivery, bounded: when full, the oldest QoS 0 message goes first; with none to
     * drop, the new message is refused. Every drop is counted.
     */
    private void enqueue(Delivery d) {
        if (queuedCount() >= services.limits().maxQueuedMessages()) {
            if (queuedQos0 > 0) {
                removeOldestQos0();
            } else {
                drop(d, DropReason.QUEUE_FULL);
                return;
            }
        }
        d.detach();
        laneOf(d).addLast(d);
        if (d.qos() == 0) {
            queuedQos0++;
        }
        updateFull();
    }

    private ArrayDeque<Delivery> laneOf(Delivery d) {
        return DeliveryPriority.isUrgent(d.message().topic()) ? urgent : queued;
    }

    /** The oldest QoS 0 message of the normal lane, else of the urgent lane, makes room. */
    private void removeOldestQos0() {
        if (!removeOldestQos0(queued)) {
            removeOldestQos0(urgent);
        }
    }

    private boolean removeOldestQos0(ArrayDeque<Delivery> lane) {
        for (Iterator<Delivery> it = lane.iterator(); it.hasNext(); ) {
            Delivery q = it.next();
            if (q.qos() == 0) {
                it.remove();
                queuedQos0--;
                drop(q, DropReason.QUEUE_FULL);
                return true;
            }
        }
        return false;
    }

    private void drop(Delivery d, DropReason reason) {
        journal.removed(d);
        d.discard();
        services.metrics().dropped(reason);
    }

    private boolean inUse(int packetId) {
        for (Inflight f : inflight) {
            if (f.packetId == packetId) {
                return true;
            }
        }
        return false;
    }
}
